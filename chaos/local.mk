# chaos/local.mk: contributed sources (see Makefile.am)
