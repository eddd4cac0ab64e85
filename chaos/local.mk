# chaos/: logistic-map streams, parallel chaotic search, chaotic escape.
noinst_HEADERS += chaos/chaos_internal.h chaos/chaos_core.h
libclm_core_la_SOURCES += chaos/stream.c chaos/search.c chaos/stuck.c chaos/compress.c \
	chaos/escape.c
