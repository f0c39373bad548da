// Auto: pick the cheapest route that keeps the accuracy contract (relative error at most about
// 100 eps cond(I - sA)), and say why in one sentence carrying the numbers that decided it.
//
// Order of the rules (first match wins):
//   1. A = V D with V SPD               -> symmetric-definite eig (real spectrum, basis L W)
//   2. A Hermitian / symmetric          -> syevd / heevd (unitary basis, stable)
//   3. few shifts (< measured crossover) -> Hessenberg (cheapest factorisation, O(n^2)/shift)
//   4. projection wanted and A nearly normal with a well-conditioned basis -> eig (O(nk)/shift)
//   5. otherwise                         -> multi-shift Schur (backward stable, GEMM sweep)
//
// The block-diagonal route (--method block-diagonal) is not taken by auto yet: trying the split
// costs as much again as gees at n = 512 (measured: auto's factorisation 1.39 s -> 2.74 s for a
// random A that then does not split), which the faster sweep does not win back at 2000 shifts.
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

std::string sci(double x) { return std::isfinite(x) ? fmt::format("{:.1e}", x) : "inf"; }

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

  return {std::move(schur),
          fmt::format("{}, general A (departure {:.2g}): multi-shift Schur (backward stable, "
                      "sweep at GEMM speed)",
                      shifts_text, dep)};
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
