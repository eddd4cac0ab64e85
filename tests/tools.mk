# tests/tools.mk: tests of the chaoslm command-line tool (TAP shell scripts,
# run with SH_LOG_DRIVER; they use $CLM_BUILDDIR/tools/chaoslm and the
# bundled data in $CLM_SRCDIR/data).  GPL-3.0-or-later.
