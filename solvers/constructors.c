/* chaoslm — MATLAB's task-specific network constructors on top of
 * feedforwardnet: fitnet (function fitting) and patternnet (pattern
 * recognition).
 *
 * MATLAB: fitnet(h) is feedforwardnet(h) with trainlm and mse;
 * patternnet(h) has tansig hidden layers, a softmax output layer,
 * crossentropy, trainscg, removeconstantrows alone on the outputs (the 0/1
 * targets are not mapped to [-1,1]) and the defaults of feedforwardnet
 * otherwise (doc/trainers.md, "Network constructors").  They live with the
 * trainers because patternnet asks the registry for its trainer.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#include "trainer.h"

int clm_fitnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes) {
  return clm_feedforwardnet(out, n_hidden, hidden_sizes);
}

int clm_patternnet(clm_net **out, size_t n_hidden, const size_t *hidden_sizes) {
  if (!out) return CLM_ENULL;
  *out = NULL;
  clm_net *net = NULL;
  int st = clm_feedforwardnet(&net, n_hidden, hidden_sizes);
  if (st != CLM_OK) return st;
  /* the trainer must exist: a network naming a trainer the library lacks
   * could not be trained with its own trainFcn */
  st = clm_net_set_trainfcn(net, "trainscg");
  if (st == CLM_OK) st = clm_net_set_transfer(net, net->n_layers, CLM_SOFTMAX);
  if (st == CLM_OK) st = clm_net_set_performfcn(net, CLM_CROSSENTROPY);
  if (st == CLM_OK) st = clm_net_set_processing(net, CLM_PROC_DEFAULT, CLM_PROC_REMOVECONSTANTROWS);
  if (st != CLM_OK) {
    clm_net_free(net);
    return st;
  }
  *out = net;
  return CLM_OK;
}
