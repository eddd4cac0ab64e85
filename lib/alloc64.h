/* chaoslm — buffers that start on a cache line (internal).
 *
 * Where malloc puts a kernel's buffers moves with unrelated allocations,
 * and their speed with it (cache-line splits of vector loads, 4 KiB
 * aliasing): one int more in the evaluator's workspace struct once made
 * sinfit 6 % slower at 2 threads with the same instruction counts.  The
 * hot buffers of the evaluator and the CPU backend start on 64 bytes.
 *
 * Copyright (C) 2026 the chaoslm authors.  GPL-3.0-or-later.
 */
#ifndef CLM_ALLOC64_H
#define CLM_ALLOC64_H

#include <stdint.h>
#include <stdlib.h>

/* `bytes` bytes (rounded up to a multiple of 64; at least 64) aligned on
 * 64, uninitialised; free() releases them.  NULL when out of memory. */
static inline void *clm__alloc64(size_t bytes) {
  if (bytes > SIZE_MAX - 63) return NULL;
  return aligned_alloc(64, bytes ? (bytes + 63) / 64 * 64 : 64);
}

#endif /* CLM_ALLOC64_H */
