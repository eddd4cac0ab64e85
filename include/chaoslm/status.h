/* chaoslm — status codes.
 *
 * Every public function of chaoslm returns an int status: CLM_OK (0) on
 * success, one of the positive codes below otherwise.  clm_strerror() turns a
 * code into one English sentence.  The list is an X-macro so that the enum and
 * the messages cannot drift apart.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_STATUS_H
#define CLM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, message): the order gives the numeric values, CLM_OK = 0; new
 * codes go at the end so that existing values never change (CLM_EPERFORM
 * since 0.2). */
#define CLM_STATUS_LIST(X)                                                     \
  X(CLM_OK, "success")                                                         \
  X(CLM_ENULL, "a required pointer argument is NULL")                          \
  X(CLM_ENOMEM, "out of memory")                                               \
  X(CLM_EINVAL, "invalid argument")                                            \
  X(CLM_ESIZE, "a size is zero, too large or inconsistent with the network")   \
  X(CLM_ENAN, "the input data contain NaN where a number is required")         \
  X(CLM_EINF, "the data contain an infinite value")                            \
  X(CLM_ENOSAMPLES, "no usable samples (every target is NaN or the set is empty)") \
  X(CLM_ETRANSFER, "unknown transfer function")                                \
  X(CLM_ENOTCONFIGURED, "the network is not configured: call clm_configure first") \
  X(CLM_EPARAM, "a training parameter is out of range")                        \
  X(CLM_EDIVIDE, "invalid data division (ratios or index sets)")               \
  X(CLM_EIO, "file input/output failed")                                       \
  X(CLM_EFORMAT, "malformed network file")                                     \
  X(CLM_EVERSION, "unsupported network file version")                          \
  X(CLM_ECHECKSUM, "network file checksum mismatch (file corrupted)")          \
  X(CLM_ETRAINER, "unknown or unusable training function")                     \
  X(CLM_EBACKEND, "the requested linear-solver backend is not available")     \
  X(CLM_EDEVICE, "the GPU runtime reported an error")                          \
  X(CLM_ENOTPD, "the matrix is not positive definite")                         \
  X(CLM_ECSV, "malformed CSV data")                                            \
  X(CLM_EMPI, "the MPI layer reported an error or ranks disagree")             \
  X(CLM_EINTERNAL, "internal error (please report it)")                     \
  X(CLM_EPERFORM, "the performance function or its settings cannot be used here (clm_perform_check tells why)")

#define CLM_STATUS_ENUM_(name, msg) name,
/* Status codes; see CLM_STATUS_LIST for the meaning of each. */
typedef enum clm_status { CLM_STATUS_LIST(CLM_STATUS_ENUM_) CLM_STATUS_COUNT_ } clm_status;
#undef CLM_STATUS_ENUM_

/* clm_strerror: English text for a status code.
 *   status (in): any int; unknown codes give "unknown status".
 * Returns a pointer to a static, read-only string (never NULL).
 * Thread safety: safe.  Since 0.1. */
const char *clm_strerror(int status);

/* clm_status_name: the symbolic name of a status ("CLM_ENAN"), or "CLM_UNKNOWN".
 * Used by the bindings for error identifiers.  Thread safety: safe.  Since 0.1. */
const char *clm_status_name(int status);

#ifdef __cplusplus
}
#endif
#endif /* CLM_STATUS_H */
