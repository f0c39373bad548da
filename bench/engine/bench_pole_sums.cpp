// The modal routes' pole-sum kernel alone: x_t(s) = sum_i G_ti / (1 - s lambda_i) for few
// outputs (the ribbon emitter study's 2 observers x 2 sources = 4 sums). A symmetric-definite
// product A = V D (the ribbon operator's form, real spectrum), real B (n x 2) and C (2 x n),
// Drude shifts s = E_F g(hw) over an (E_F, hw) grid like the emitter study's, one thread, the
// projected sweep streamed to a sink that keeps nothing. Prints one JSON object with the
// median, min and max over the repeats of ns per (shift, pole) and the load average.
//
//   bench_pole_sums [--n 256] [--shifts 32000] [--rhs 2] [--rows 2] [--complex 0|1]
//                   [--block 0] [--repeats 7]
//   --complex 1: complex B, so the residues G are complex (the general kernel).
//   --rows x --rhs > 8: the divide + GEMM path instead of the pole sums, for comparison.
//   --block: shifts per driver block (Options::block_size; 0 = the driver's choice, 2048 here).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "specsweep/error.hpp"
#include "specsweep/resolvent.hpp"
#include "bench_support.hpp"

using namespace specsweep;

namespace {

using bench::Clock;
using bench::load_average;

struct Args {
  Index n = 256, shifts = 32000, rhs = 2, rows = 2, block = 0;
  bool complex_b = false;
  int repeats = 7;
};

Args parse(int argc, char** argv) {
  Args a;
  bench::parse_arguments(argc, argv,
                         {{"--n", bench::value_of(a.n)},
                          {"--shifts", bench::value_of(a.shifts)},
                          {"--rhs", bench::value_of(a.rhs)},
                          {"--rows", bench::value_of(a.rows)},
                          {"--block", bench::value_of(a.block)},
                          {"--complex", bench::value_of(a.complex_b)},
                          {"--repeats", bench::value_of(a.repeats)}});
  require(a.n >= 2 && a.shifts >= 16 && a.rhs >= 1 && a.rows >= 1 && a.rows * a.rhs <= 64 &&
              a.repeats >= 1 && a.block >= 0,
          "bench: need n >= 2, shifts >= 16, rows x rhs <= 64, repeats >= 1");
  return a;
}

// 16 Fermi energies x (shifts / 16) photon energies, s = E_F g(hw), g = -1 / (hw (hw + 0.01i)).
std::vector<cplx> emitter_like_shifts(Index k) {
  const Index nf = 16, nw = k / nf;
  std::vector<cplx> s;
  for (Index f = 0; f < nf; ++f)
    for (Index w = 0; w < nw; ++w) {
      const double ef = 0.1 + 0.5 * double(f) / double(nf - 1);
      const double hw = 0.05 + 0.35 * double(w) / double(nw - 1);
      s.push_back(-ef / (hw * cplx(hw, 0.01)));
    }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    std::mt19937_64 gen(1);
    std::normal_distribution<double> N01;
    auto gaussian = [&](Index r, Index c) {
      return MatrixXd(MatrixXd::NullaryExpr(r, c, [&] { return N01(gen); }));
    };
    const MatrixXd G = gaussian(a.n, a.n);
    const MatrixXd V = G * G.transpose() / double(a.n) + MatrixXd::Identity(a.n, a.n);
    const MatrixXd R = gaussian(a.n, a.n);
    const MatrixXd D = (R + R.transpose()) / std::sqrt(8.0 * double(a.n));
    MatrixXcd B = gaussian(a.n, a.rhs).cast<cplx>();
    if (a.complex_b) B.imag() = gaussian(a.n, a.rhs);
    const MatrixXcd C = gaussian(a.rows, a.n).cast<cplx>();
    const std::vector<cplx> s = emitter_like_shifts(a.shifts);

    Options opts;
    opts.threads = 1;
    opts.block_size = a.block;
    opts.expected_shifts = Index(s.size());
    opts.observe_rows = a.rows;
    const Resolvent r = Resolvent::symmetric_definite_product(V, D, opts);
    const BlockSink discard = [](Index, Index, const cplx*) {};
    std::vector<double> ns;
    Index flagged = 0;
    for (int rep = 0; rep < a.repeats; ++rep) {
      const auto t0 = Clock::now();
      flagged = Index(r.sweep(s, B, &C, discard).size());
      const double sec = std::chrono::duration<double>(Clock::now() - t0).count();
      ns.push_back(1e9 * sec / (double(s.size()) * double(a.n)));
    }
    std::sort(ns.begin(), ns.end());
    std::cout << fmt::format(
        "{{\"bench\": \"pole_sums\", \"route\": \"{}\", \"n\": {}, \"shifts\": {}, \"sums\": {}, "
        "\"complex_residues\": {}, \"block\": {}, \"flagged\": {}, \"ns_per_shift_pole\": "
        "{{\"median\": {:.3f}, \"min\": {:.3f}, \"max\": {:.3f}}}, \"load_average_1min\": "
        "{:.2f}}}\n",
        to_string(r.route()), a.n, s.size(), a.rows * a.rhs, a.complex_b, a.block, flagged,
        ns[ns.size() / 2], ns.front(), ns.back(), load_average());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_pole_sums: " << e.what() << "\n";
    return 1;
  }
}
