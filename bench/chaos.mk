# bench/chaos.mk: contributed sources (see Makefile.am)
