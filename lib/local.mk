# lib/: network, data, errors, workspace (no solver, CUDA or Octave knowledge).
noinst_HEADERS += lib/net_internal.h lib/transfer.h lib/vexp.h lib/reducer.h lib/alloc64.h
libclm_core_la_SOURCES += lib/errors.c lib/names.c lib/network.c \
	lib/transfer.c lib/transfer_tansig.c lib/transfer_logsig.c lib/transfer_purelin.c \
	lib/transfer_poslin.c lib/transfer_softmax.c lib/process.c lib/eval.c lib/public_eval.c \
	lib/perform.c lib/reducer.c lib/rng.h lib/rng.c lib/init.c lib/divide.c lib/netfile.c \
	lib/classify.c
