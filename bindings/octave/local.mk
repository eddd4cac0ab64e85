# bindings/octave/local.mk: contributed sources (see Makefile.am)
