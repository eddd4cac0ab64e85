/* chaoslm command-line tool — --plot: PREFIX-confusion.png, MATLAB's
 * plotconfusion drawn by gnuplot (plot.c runs the script).
 *
 * One panel per data set (training, validation, test, all), each a grid of
 * (C+1) x (C+1) cells laid out as plotconfusion draws them: output classes
 * down the side (rows), target classes along the bottom (columns) — the
 * transpose of the text summary, whose rows are target classes, as in the
 * cm of MATLAB's confusion.  Cell (output i, target j) holds the count and
 * its share of the set; the last column holds each output class's
 * precision (% correct, % wrong), the last row each target class's recall,
 * the corner the accuracy and error rate.  The C x C cells are a heat map:
 * correct (diagonal) cells green, errors red, shaded by the count relative
 * to the largest cell; empty cells white.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "cli.h"

#include <stdlib.h>

/* A colour between white (t = 0) and `rgb` (t = 1), as 0xRRGGBB. */
static unsigned long shade(unsigned long rgb, double t) {
  unsigned long out = 0;
  for (int sh = 16; sh >= 0; sh -= 8) {
    double c = (double)((rgb >> sh) & 0xffu);
    unsigned long v = (unsigned long)(255.0 + t * (c - 255.0) + 0.5);
    out |= (v & 0xffu) << sh;
  }
  return out;
}

/* One cell: centre (x, y), colour, two lines of text. */
static void cell(FILE *f, size_t x, size_t y, unsigned long rgb, const char *top,
                 const char *bottom) {
  fprintf(f, "%zu %zu %lu \"%s\" \"%s\"\n", x, y, rgb, top, bottom);
}

/* "97.1%" of part over whole, or "-" for 0 of 0. */
static void pct(char *buf, size_t len, size_t part, size_t whole) {
  if (whole)
    snprintf(buf, len, "%.1f%%", 100.0 * (double)part / (double)whole);
  else
    snprintf(buf, len, "-");
}

/* The cells of one matrix as data block $Cid. */
static void matrix_block(FILE *f, int id, const size_t *cm, size_t C, size_t kept) {
  size_t top = 1, correct = 0;
  char a[32], b[32];
  for (size_t i = 0; i < C * C; i++)
    if (cm[i] > top) top = cm[i];
  fprintf(f, "$C%d << EOD\n", id);
  for (size_t o = 0; o < C; o++) {       /* output class: row o + 1 */
    size_t given = 0;
    for (size_t t = 0; t < C; t++) {     /* target class: column t + 1 */
      size_t n = cm[t + o * C];
      given += n;
      snprintf(a, sizeof a, "%zu", n);
      pct(b, sizeof b, n, kept);
      double s = n ? 0.15 + 0.85 * (double)n / (double)top : 0;
      cell(f, t + 1, o + 1, shade(t == o ? 0x3cb44bul : 0xe6194bul, s), a, b);
    }
    correct += cm[o + o * C];
    pct(a, sizeof a, cm[o + o * C], given);
    pct(b, sizeof b, given - cm[o + o * C], given);
    cell(f, C + 1, o + 1, 0xd9d9d9ul, a, given ? b : "");
  }
  for (size_t t = 0; t < C; t++) {
    size_t has = 0;
    for (size_t o = 0; o < C; o++) has += cm[t + o * C];
    pct(a, sizeof a, cm[t + t * C], has);
    pct(b, sizeof b, has - cm[t + t * C], has);
    cell(f, t + 1, C + 1, 0xd9d9d9ul, a, has ? b : "");
  }
  pct(a, sizeof a, correct, kept);
  pct(b, sizeof b, kept - correct, kept);
  cell(f, C + 1, C + 1, 0xadd8e6ul, a, kept ? b : "");
  fputs("EOD\n", f);
}

static void panel(FILE *f, const char *title, int id, const size_t *cm, size_t C, size_t kept) {
  int font = C > 6 ? 6 : 12 - (int)C;
  matrix_block(f, id, cm, C, kept);
  fprintf(f, "set title '%s Confusion Matrix' font ',12'\n", title);
  fprintf(f, "set xrange [0.5:%zu.5]\nset yrange [%zu.5:0.5]\n", C + 1, C + 1);
  fputs("set xtics (", f);
  for (size_t c = 1; c <= C; c++) fprintf(f, "%s'%zu' %zu", c > 1 ? ", " : "", c, c);
  fputs(")\nset ytics (", f);
  for (size_t c = 1; c <= C; c++) fprintf(f, "%s'%zu' %zu", c > 1 ? ", " : "", c, c);
  fputs(")\n", f);
  fprintf(f, "plot $C%d using 1:2:(0.5):(0.5):3 with boxxyerror fs solid 1.0 border "
             "lc rgb '#ffffff' fc rgb variable notitle, "
             "$C%d using 1:($2-0.17):4 with labels font ',%d' notitle, "
             "$C%d using 1:($2+0.17):5 with labels font ',%d' notitle\n",
          id, id, font, id, font > 6 ? font - 1 : font);
}

static const char *panel_title(const char *set) {
  switch (set[0]) {
  case 't': return set[1] == 'r' ? "Training" : "Test";
  case 'v': return "Validation";
  default: return "All";
  }
}

void cli_plot_confusion_script(FILE *f, const char *out, const cli_plot_data *d) {
  cli_set sets[4];
  size_t n_sets = cli_sets(d->rec, d->Q, sets);
  const size_t C = clm_confusion_classes(d->K);
  const int rows = n_sets > 2 ? 2 : 1, cols = n_sets > 1 ? 2 : 1;
  size_t *cm = malloc(C * C * sizeof *cm);
  double *Ys = malloc(d->Q * d->K * sizeof *Ys), *Ts = malloc(d->Q * d->K * sizeof *Ts);
  if (!cm || !Ys || !Ts) { /* gnuplot fails, so --plot reports the failure */
    fputs("exit status 1\n", f);
    n_sets = 0;
  }
  cli_gp_terminal(f, out, cols * 420, rows * 420);
  fputs("set size ratio -1\nset tics scale 0 font ',9' noenhanced\n"
        "set xlabel 'Target Class'\nset ylabel 'Output Class'\n", f);
  fprintf(f, "set multiplot layout %d,%d\n", rows, cols);
  for (size_t s = 0; s < n_sets; s++) {
    double c;
    size_t kept;
    cli_gather_set(&sets[s], d->Y, d->T, d->K, Ys, Ts);
    if (clm_confusion(Ts, Ys, d->K, sets[s].n, &c, cm, NULL, &kept) != CLM_OK) {
      fputs("exit status 1\n", f);
      break;
    }
    panel(f, panel_title(sets[s].name), (int)s, cm, C, kept);
  }
  fputs("unset multiplot\nunset output\n", f);
  free(cm);
  free(Ys);
  free(Ts);
}
