// Auto: pick the cheapest route that keeps the accuracy contract (relative error at most about
// 100 eps cond(I - sA)), and say why in one sentence carrying the numbers that decided it.
//
// Order of the rules (first match wins):
//   1. A = V D with V SPD               -> symmetric-definite eig (real spectrum, basis L W)
//   2. A Hermitian / symmetric          -> syevd / heevd (unitary basis, stable)
//   3. few shifts (< measured crossover) -> Hessenberg (cheapest factorisation, O(n^2)/shift)
//   4. projection wanted and A nearly normal with a well-conditioned basis -> eig (O(nk)/shift)
//   5. otherwise                         -> multi-shift Schur (backward stable, GEMM sweep),
//      or its block diagonalisation when the shifts are many enough (below)
//
// Block diagonalisation T = W B W^-1 (kappa(W) <= kMaxKappaW, so the contract holds: the
// accuracy tests run it on the hard corpus) costs up to as much again as gees (measured at
// n = 512: auto's factorisation 1.39 s -> 2.74 s for a random A that then does not split) and
// saves 2 (n^2 - sum_k n_k^2) flops per shift. Auto tries it only from kBlockDiagonalShiftsPerN
// shifts per row of A on, where the attempt costs at most a few per cent of the sweep even when
// A does not split (gees ~ 25 n^3 against 64 n shifts x 6 n^2), and takes it only when the
// blocks halve the coupling work (sum_k n_k^2 <= n^2 / 2), and never for a departure from
// normality above kMaxDepartureForSplit (such an A does not split under the kappa(W) bound, so
// the attempt would only cost). Grcar, Jordan and Frank keep the Schur route either way.
//
// Why kappa(V) <= 1e2 for rule 4: the modal sweep's error is about eps kappa(V) times the
// modal condition max|1 - s lambda| / min|1 - s lambda|, which is itself <= cond(I - sA). With
// kappa(V) <= 1e2 that stays within the 100 eps cond contract; beyond it eig may lose digits
// the direct solve keeps. The estimate is LAPACK's 1-norm gecon on V (within a factor n of the
// 2-norm value, and in practice far closer).
//
// Cost of the diagnostics: rule 4 first factors A by Schur (it is the fallback anyway), reads
// the departure from normality ||N||_F / ||A||_F of T = diag + N for free, and only pays for
// geev when that departure is small. Since sum |lambda|^2 >= ||A||_F^2 / kappa(V)^2, a large
// departure makes a large kappa(V) likely (and forces kappa(V) >= 1/sqrt(1 - dep^2)); a
// strongly non-normal A is never sent to geev.
#include <fmt/format.h>

#include <cmath>

#include "route_solver.hpp"

namespace specsweep::detail {
namespace {

/// Largest 1-norm kappa(V) estimate for which the eig route keeps the contract (see above).
constexpr double kMaxEigKappaV = 1e2;
/// Largest kappa(L) (= sqrt(kappa_2(V)) in the 2-norm) for the symmetric-definite route. Its
/// basis X = L W inherits kappa(X) <= kappa(L); the bound is looser than kMaxEigKappaV because
/// W is exactly orthogonal and the only amplification is the triangular L (errors of the
/// order eps kappa(L) cond in the tests on graded V), a gentler growth than geev's.
constexpr double kMaxProductKappaL = 1e3;
/// Departure from normality above which geev is not even attempted for projection.
constexpr double kMaxDepartureForEig = 0.1;
/// Announced shifts per row of A from which the block diagonalisation is attempted (above).
constexpr Index kBlockDiagonalShiftsPerN = 64;
/// Largest sum_k n_k^2 / n^2 for which the split is worth its extra factorisation.
constexpr double kMaxCouplingFraction = 0.5;
/// Departure from normality ||N||_F / ||T||_F above which the split is not attempted: a split
/// into clusters a gap g apart needs ||X|| ~ ||N|| / g, and with ||N|| comparable to ||A|| every
/// split costs kappa(W) a factor of several, so the bound fails (a random A, departure ~0.7,
/// leaves one cluster at n = 256: measured).
constexpr double kMaxDepartureForSplit = 0.3;

std::string sci(double x) { return std::isfinite(x) ? fmt::format("{:.1e}", x) : "inf"; }

// Rule 5: the Schur route, or its block diagonalisation when enough shifts were announced and
// the split pays (see the top of the file). `why` is the sentence up to the route.
AutoChoice schur_or_block_diagonal(std::unique_ptr<RouteSolver> schur, const Options& opts,
                                   double departure, const std::string& why) {
  const Index n = schur->size();
  if (opts.expected_shifts >= kBlockDiagonalShiftsPerN * n && n > 1 &&
      departure <= kMaxDepartureForSplit) {
    BlockDiagonalChoice bd = make_block_diagonal(*schur);
    const BlockDiagonalSplit& sp = bd.split;
    if (sp.clusters > 1 && sp.coupling_fraction <= kMaxCouplingFraction)
      return {std::move(bd.solver),
              fmt::format("{}, {} shifts >= {} n: Schur form block-diagonalised into {} clusters "
                          "(largest {}, coupling work {:.2g} of Schur's) with kappa(W) ~ {:.2g} <= "
                          "{:g} (backward error within the contract, 4 n^2 flops per shift)",
                          why, opts.expected_shifts, kBlockDiagonalShiftsPerN, sp.clusters,
                          sp.largest, sp.coupling_fraction, sp.kappa_W, kMaxKappaW)};
    return {std::move(schur),
            fmt::format("{}: multi-shift Schur (backward stable, sweep at GEMM speed); the "
                        "block diagonalisation with kappa(W) <= {:g} left {} cluster{} doing {:.2g} "
                        "of its coupling work, too little to gain",
                        why, kMaxKappaW, sp.clusters, sp.clusters == 1 ? "" : "s",
                        sp.coupling_fraction)};
  }
  return {std::move(schur),
          fmt::format("{}: multi-shift Schur (backward stable, sweep at GEMM speed)", why)};
}

}  // namespace

TriangularCrossover triangular_crossover(const Options& opts, Index n) {
  TriangularCrossover t;
  t.crossover = opts.tuning.hessenberg_beats_schur_below(n);
  t.hessenberg = opts.expected_shifts > 0 && opts.expected_shifts < t.crossover;
  t.shifts_text =
      opts.expected_shifts <= 0
          ? fmt::format("many shifts (none announced; crossover {} at n={})", t.crossover, n)
          : fmt::format("{} shifts {} crossover {} at n={}", opts.expected_shifts,
                        t.hessenberg ? "<" : ">=", t.crossover, n);
  return t;
}

namespace {

template <class Mat>
AutoChoice choose_general(const Mat& A, const Options& opts, Diagnostics& diag) {
  const Index n = A.rows();

  if (diag.hermitian)
    return {make_eig_hermitian(A),
            fmt::format("A is {} (||A - A^*||_F <= 8 eps ||A||_F): {} gives a unitary basis, "
                        "stable for every shift",
                        diag.real ? "symmetric" : "Hermitian", diag.real ? "syevd" : "heevd")};

  const TriangularCrossover split = triangular_crossover(opts, n);
  if (split.hessenberg)
    return {make_hessenberg(A),
            fmt::format("{}: Hessenberg (cheapest factorisation, O(n^2) per shift, backward "
                        "stable)",
                        split.shifts_text)};

  auto schur = make_schur(A, opts.tuning);
  schur->fill_diagnostics(diag);
  const double dep = diag.departure_from_normality;
  const std::string& shifts_text = split.shifts_text;

  if (opts.observe_rows > 0) {
    if (!(dep <= kMaxDepartureForEig))
      return {std::move(schur),
              fmt::format("{}, projection to {} rows but non-normal A (departure {:.2g} > {}): "
                          "multi-shift Schur (backward stable), eig not attempted",
                          shifts_text, opts.observe_rows, dep, kMaxDepartureForEig)};
    auto eig = make_eig(A);
    Diagnostics eig_diag;
    eig->fill_diagnostics(eig_diag);
    diag.kappa_V = eig_diag.kappa_V;
    if (eig_diag.kappa_V <= kMaxEigKappaV)
      return {std::move(eig),
              fmt::format("{}, projection to {} rows, nearly normal A (departure {:.2g}) and "
                          "kappa(V) ~ {} <= {}: eig (O(nk) per shift, error within the contract)",
                          shifts_text, opts.observe_rows, dep, sci(eig_diag.kappa_V),
                          sci(kMaxEigKappaV))};
    return {std::move(schur),
            fmt::format("{}, projection to {} rows but kappa(V) ~ {} > {} (departure {:.2g}): "
                        "multi-shift Schur (backward stable)",
                        shifts_text, opts.observe_rows, sci(eig_diag.kappa_V),
                        sci(kMaxEigKappaV), dep)};
  }

  return schur_or_block_diagonal(std::move(schur), opts, dep,
                                 fmt::format("{}, general A (departure {:.2g})", shifts_text, dep));
}

}  // namespace

AutoChoice choose_route(const MatrixXd& A, const Options& opts, Diagnostics& diag) {
  return choose_general(A, opts, diag);
}

AutoChoice choose_route(const MatrixXcd& A, const Options& opts, Diagnostics& diag) {
  return choose_general(A, opts, diag);
}

AutoChoice choose_route_product(const MatrixXd& V, const MatrixXd& D, const Options& opts,
                                Diagnostics& diag) {
  auto solver = make_eig_symmetric_definite(V, D);
  if (solver) {
    Diagnostics d;
    solver->fill_diagnostics(d);
    if (d.kappa_V <= kMaxProductKappaL)
      return {std::move(solver),
              fmt::format("A = V D with V SPD (kappa(L) ~ {} <= {}): Cholesky-reduced syevd, "
                          "real spectrum and a stable basis L W",
                          sci(d.kappa_V), sci(kMaxProductKappaL))};
    diag.kappa_V = d.kappa_V;
    AutoChoice general = choose_general(MatrixXd(V * D), opts, diag);
    general.reason = fmt::format("V is SPD but ill-conditioned (kappa(L) ~ {} > {}), formed "
                                 "A = V D; {}",
                                 sci(d.kappa_V), sci(kMaxProductKappaL), general.reason);
    return general;
  }
  AutoChoice general = choose_general(MatrixXd(V * D), opts, diag);
  general.reason = "V is not positive definite (Cholesky failed), formed A = V D; " + general.reason;
  return general;
}

}  // namespace specsweep::detail
