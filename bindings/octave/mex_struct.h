/* chaoslm — the MEX binding: conversions between Octave structs and the
 * library's objects (network, trainParam, training record).
 *
 * The network travels as a plain struct with MATLAB's field names (see
 * mex_netstruct.c for the list); every call rebuilds a clm_net from it and
 * frees it before returning.  Field names are checked against the names
 * the binding knows, so a misspelt field is an error that names the nearest
 * valid one, never a silently ignored setting.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_MEX_STRUCT_H
#define CLM_MEX_STRUCT_H

#include "mex_util.h"

/* ---- mex_trainparam.c ---- */

/* The trainer named by the char array a (error chaoslm:CLM_ETRAINER with
 * the nearest name and the trainers of this build when unknown). */
const clm_trainer_type *trainer_arg(mexctx *c, const mxArray *a, const char *path);
/* "trainlm, traingd or traingdm": every trainer of the library. */
void trainer_list(char *buf, size_t len);
/* The default trainParam struct of t: showWindow, the library's parameters
 * of t in MATLAB's order, the chaos settings that apply to t. */
mxArray *tp_to_struct(const clm_trainer_type *t, const clm_trainparam *p);
/* net.trainParam -> *p (t's defaults for missing fields); every field must
 * be a parameter of t; c->show_window receives showWindow. */
void tp_from_struct(mexctx *c, const clm_trainer_type *t, const mxArray *s, clm_trainparam *p);
/* Check one trainParam field (name, value) of t as training would. */
void tp_check_one(mexctx *c, const clm_trainer_type *t, const char *name, const mxArray *value);
/* A 1 x n struct array describing the library's trainers: name, title,
 * mu, linsolver, escape (logical flags), states (extra record states). */
mxArray *trainers_struct(void);

/* ---- mex_process.c ---- */

/* processFcns cell -> CLM_PROC_* flags (error for other functions). */
unsigned proc_flags_from(mexctx *c, const mxArray *fcns, const char *path);
mxArray *proc_fcns_cell(unsigned flags);
/* MATLAB's default processParams of the functions in flags. */
mxArray *proc_params_cell(unsigned flags);
/* side.processParams, when present, must equal the defaults. */
void check_proc_params(mexctx *c, const mxArray *side, unsigned flags, const char *path);
/* Rows of side `which` (0 inputs, 1 outputs) that removeconstantrows kept. */
size_t kept_rows(mexctx *c, const clm_net *net, int which);
/* processSettings of a configured network (one struct per function). */
mxArray *proc_settings_cell(mexctx *c, const clm_net *net, int which, unsigned flags);
/* MATLAB's inputs{1}.range / outputs{L}.range: rows x 2 [min max] of the
 * data that configured the network (clm_net_range); 0 x 2 before. */
mxArray *range_matrix(mexctx *c, const clm_net *net, int which);
/* Deep equality of two mxArrays (bitwise for doubles). */
int mx_equal(const mxArray *a, const mxArray *b);

/* ---- mex_netstruct.c, mex_netbuild.c ---- */

typedef struct netinfo {
  unsigned in_flags, out_flags;
} netinfo;

/* Rebuild the network described by struct s into c->net; with
 * take_weights the visible IW/LW/b replace the stored weights, with
 * check_proc the visible processing settings must equal the stored ones
 * (both off for configure, which recomputes everything). */
void net_from_struct(mexctx *c, const mxArray *s, netinfo *info, int take_weights,
                     int check_proc);
/* clm_perform_check for evaluation (t NULL) or training with t: an error
 * chaoslm:CLM_EPERFORM with the library's message otherwise. */
void check_perform(mexctx *c, const clm_trainer_type *t);
/* The struct of c->net.  old (may be NULL) is the struct the call started
 * from: the settings the library does not hold (trainParam, performParam,
 * divideind lists, names, userdata, plotFcns, efficiency) are kept. */
mxArray *net_to_struct(mexctx *c, const netinfo *info, const mxArray *old);

/* ---- mex_weights.c ---- */

/* The topology the struct's inputConnect / layerConnect describe: 0 for
 * feedforwardnet's (also when both fields are missing), 1 for
 * cascadeforwardnet's; anything else is an error. */
int read_topology(mexctx *c, const mxArray *s, size_t L);
/* The configured network's connections must be those of topology kind. */
void check_topology(mexctx *c, const clm_net *net, int kind);
/* Visible b, IW, LW -> c->net's weights (connected blocks; the cells of
 * absent connections must be empty). */
void read_weights(mexctx *c, const mxArray *s);
/* b, IW, LW, inputConnect, layerConnect and numWeightElements of c->net
 * into struct s; S[0..L] are the kept inputs and the layer sizes (0 before
 * configuration). */
void weight_cells(mexctx *c, const size_t *S, mxArray *s);

/* ---- mex_record.c ---- */

/* MATLAB's tr of record r; tp is the trainParam used, net_s the network
 * struct trained, Q the number of samples. */
mxArray *record_to_struct(const clm_record *r, const clm_net *net, const mxArray *tp,
                          const mxArray *net_s, size_t Q);

#endif /* CLM_MEX_STRUCT_H */
