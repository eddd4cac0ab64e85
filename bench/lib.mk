# bench/lib.mk: contributed sources (see Makefile.am)
