# tests/gpu.mk: contributed sources (see Makefile.am)
