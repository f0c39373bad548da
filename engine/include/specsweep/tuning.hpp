#pragma once
// Machine-dependent switch points of the engine. The compiled defaults were measured on a
// 2-core x86-64 machine; `specsweep calibrate` measures them on the user's machine and writes a
// tuning file. The library reads a file only when the caller passes it (Options::tuning); it
// never looks for one by itself.
//
// File format: one `key = value` per line, `#` starts a comment, unknown keys are errors.
//   hessenberg_crossover   = 128:620, 256:670, 512:1240   # n:shifts pairs, n ascending
//   pencil_hessenberg_crossover = 100:1650, 200:1300, 500:850
//   gees_single_thread_max_n = 2048
//   threaded_sweep_min_n   = 256
//   block_min = 64
//   block_max = 2048
#include <string>
#include <utility>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep {

struct Tuning {
  /// (n, k*) pairs, n ascending: below k* shifts the Hessenberg route (cheap factorisation,
  /// O(n^2) vector work per shift) beats the Schur route (dearer factorisation, GEMM sweep).
  /// Auto interpolates linearly between the points and proportionally in n outside them.
  std::vector<std::pair<double, double>> hessenberg_crossover{{128, 620}, {256, 670}, {512, 1240}};
  /// The same for pencils (E - sA): below k* shifts the Hessenberg-triangular route (gghd3,
  /// O(n^2) vector work per shift) beats qz (gges3, GEMM sweep). Defaults from `specsweep
  /// calibrate` on the idle 2-core machine: factorisations 3.4/14 ms (n = 100), 19/60 ms (200),
  /// 0.20/0.34 s (500); per shift 10/4.2, 42/10, 225/51 us (Hessenberg-triangular/qz).
  std::vector<std::pair<double, double>> pencil_hessenberg_crossover{{100, 1650}, {200, 1300}, {500, 850}};
  /// Every factorisation (gees, gehrd, geev, syevd, potrf, gges, gghd3) runs single-threaded up
  /// to this n: they are mostly BLAS-2 and small GEMMs, threads gained at most 4 % on the idle
  /// 2-core machine up to n = 1024 (gees: 1.45 s single, 1.40 s threaded), and on a busy
  /// machine each of their many thread hand-offs waits for a time slice (a two-ribbon modes
  /// run at n = 800: 0.5 s idle either way, 26 s loaded on two threads).
  Index gees_single_thread_max_n = 2048;
  /// A sweep that runs one block of shifts at a time (too few shifts to give each thread its
  /// own blocks) uses threaded BLAS only from this n on; below it every BLAS call is small and
  /// a hand-off to a second thread, which waits for a time slice on a busy machine, costs more
  /// than the call itself.
  Index threaded_sweep_min_n = 256;
  /// Shifts per block when Options::block_size is 0: about 2^20 output values per block,
  /// clamped to [block_min, block_max].
  Index block_min = 64;
  Index block_max = 2048;

  /// Shift count below which Hessenberg beats Schur at this n.
  Index hessenberg_beats_schur_below(Index n) const;
  /// Shift count below which Hessenberg-triangular beats qz for a pencil of order n.
  Index hessenberg_beats_qz_below(Index n) const;

  /// Reads a tuning file; keys it does not set keep the compiled defaults.
  /// @throws Error (input) naming the file and line on a malformed line, an unknown key or a
  ///         value out of range; (input) when the file cannot be opened.
  static Tuning from_file(const std::string& path);
  /// The file text that from_file reads back to this value.
  std::string to_text() const;
};

}  // namespace specsweep
