# chaos/: logistic-map streams, parallel chaotic search, chaotic escape.
noinst_HEADERS += chaos/chaos_internal.h
libclm_core_la_SOURCES += chaos/search.c chaos/escape.c
