#pragma once
// The per-shift loops (divisions, 2x2 solves, axpys across a block of shifts, Henry's rotations
// across a group of shifts) are compiled twice: for the x86-64 baseline the build targets
// (SSE2) and for x86-64-v3 (AVX2 + FMA), chosen when the library loads. OpenBLAS dispatches its
// GEMM kernels the same way; without this the hand-written loops between GEMMs would run at
// half its vector width.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define SPECSWEEP_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SPECSWEEP_SIMD_CLONES
#endif
