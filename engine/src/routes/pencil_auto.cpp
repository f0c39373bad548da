// Auto and requested methods for pencils (E - sA) x = b (E = I never gets here: it takes the
// standard path). Rules, first match wins:
//   1. E and A symmetric (verified), one of them +-definite with kappa(L) <= kMaxPencilKappaL
//        -> symmetric-definite modal route (real spectrum, orthogonal W, real GEMMs). First,
//        as the Hermitian rule is for the standard form: its O(n p) per shift beats Hessenberg's
//        O(n^2) already at 100 shifts (heat chain n = 200 in bench_freqresp: 6.2-6.5 ms against
//        7.8-12 ms, paired runs).
//   1b. A = c I exactly (state space with E = I): the shifted standard form (E - s c I), whose
//      factorisation is E's alone -> Hessenberg of E below the standard form's crossover
//      (triangular_crossover), else Schur of E (gees, a third of gges). Same kernels as the
//      standard form, the pencil's flags (ShiftForm).
//   2. fewer announced shifts than the Hessenberg-triangular factorisation is worth -> direct
//      (LU per shift)
//   3. fewer than the measured crossover (tuning.hessenberg_beats_qz_below) -> Hessenberg-
//      triangular (gghd3, the cheapest pencil factorisation, O(n^2) vector work per shift)
//   4. otherwise, or none announced -> qz (backward stable, GEMM sweep). Singular or nearly
//      singular E and A need no other route, only the diagnostics the reason quotes.
#include <fmt/format.h>

#include <cmath>
#include <type_traits>

#include "route_solver.hpp"
#include "specsweep/error.hpp"

namespace specsweep::detail {
namespace {

/// Largest kappa(L) (1-norm estimate) of the definite matrix's Cholesky factor for the
/// symmetric-definite route. Its error grows like eps kappa(L)^2 kappa(s) at worst (the
/// reduction L^-1 H L^-T), so kappa(L) <= 10 keeps it inside 100 eps kappa(s).
constexpr double kMaxPencilKappaL = 10.0;

/// Below this many shifts the Hessenberg-triangular factorisation (QR + gghd3, about 17 n^3
/// flops, much of it BLAS-2) costs more than one complex LU of E - sA per shift. Measured on the
/// idle 2-core machine (`sweep --method direct|hessenberg`, 20 shifts): it took as long as 6
/// (n = 100), 15 (n = 200) and 18 (n = 500) LU solves.
constexpr Index kHessenbergBeatsDirectFrom = 16;

std::string sci(double x) { return std::isfinite(x) ? fmt::format("{:.1e}", x) : "inf"; }
std::string scalar_text(double c) { return fmt::format("{:.6g}", c); }
std::string scalar_text(cplx c) { return fmt::format("{:.6g}{:+.6g}i", c.real(), c.imag()); }

// The sentence about singular E or A, from the qz route's diagnostics.
std::string singular_note(const Diagnostics& d) {
  std::string note;
  if (d.zero_eigenvalues > 0)
    note += fmt::format("; E is singular to working precision ({} eigenvalue{} at s = 0: "
                        "shifts near 0 are flagged)",
                        d.zero_eigenvalues, d.zero_eigenvalues == 1 ? "" : "s");
  if (d.infinite_eigenvalues > 0)
    note += fmt::format("; A is singular ({} eigenvalue{} at s = inf, harmless for finite "
                        "shifts)",
                        d.infinite_eigenvalues, d.infinite_eigenvalues == 1 ? "" : "s");
  return note;
}

template <class Mat>
AutoChoice qz_choice(const Mat& E, const Mat& A, const Options& opts, Diagnostics& diag,
                     const std::string& why) {
  auto qz = make_qz(E, A, opts.tuning);
  qz->fill_diagnostics(diag);
  return {std::move(qz), why + ": qz (generalised Schur form, backward stable, sweep at GEMM "
                               "speed)" + singular_note(diag)};
}


// The shifted standard form (E - s c I) by the standard form's triangular routes.
template <class Mat>
AutoChoice shifted_choice(const Mat& E, typename Mat::Scalar c, bool hessenberg,
                          const Options& opts, Diagnostics& diag, const std::string& why) {
  const std::string form =
      fmt::format("A = c I (c = {}): the shifted standard form E - s c I", scalar_text(c));
  if (hessenberg)
    return {make_hessenberg_shifted(E, c),
            fmt::format("{}; {}: Hessenberg of E (cheapest factorisation, O(n^2) per shift, "
                        "backward stable)",
                        form, why)};
  auto schur = make_schur_shifted(E, c, opts.tuning);
  schur->fill_diagnostics(diag);
  return {std::move(schur),
          fmt::format("{}; {}: multi-shift Schur of E (gees instead of gges, backward stable, "
                      "sweep at GEMM speed){}",
                      form, why, singular_note(diag))};
}

template <class Mat>
AutoChoice choose_pencil(const Mat& E, const Mat& A, const Options& opts, Diagnostics& diag) {
  const Index n = A.rows();
  std::string prefix;
  if constexpr (std::is_same_v<Mat, MatrixXd>) {
    if (diag.hermitian) {
      DefinitePencilInfo info;
      auto sd = make_eig_symmetric_definite_pencil(E, A, info);
      if (sd && info.kappa_L <= kMaxPencilKappaL) {
        sd->fill_diagnostics(diag);
        return {std::move(sd),
                fmt::format("E and A symmetric, {} positive definite (kappa(L) ~ {} <= {}): "
                            "Cholesky-reduced syevd, real spectrum and an orthogonal W",
                            info.definite, sci(info.kappa_L), sci(kMaxPencilKappaL))};
      }
      prefix = sd ? fmt::format("E and A symmetric, {} definite but kappa(L) ~ {} > {}; ",
                                info.definite, sci(info.kappa_L), sci(kMaxPencilKappaL))
                  : "E and A symmetric but neither is definite (Cholesky failed); ";
    }
  }
  if (const auto c = scalar_identity(A)) {
    const TriangularCrossover split = triangular_crossover(opts, n);
    return shifted_choice(E, *c, split.hessenberg, opts, diag, prefix + split.shifts_text);
  }
  const Index k = opts.expected_shifts;
  if (k > 0 && k < kHessenbergBeatsDirectFrom)
    return {make_direct(E, A),
            fmt::format("{}{} shifts < {}: direct (LU of E - sA per shift, cheaper than any "
                        "pencil factorisation for so few)",
                        prefix, k, kHessenbergBeatsDirectFrom)};
  const Index crossover = opts.tuning.hessenberg_beats_qz_below(n);
  if (k > 0 && k < crossover)
    return {make_hessenberg(E, A),
            fmt::format("{}pencil E - sA, {} shifts < crossover {} at n={}: Hessenberg-triangular "
                        "form (gghd3, the cheapest pencil factorisation, O(n^2) per shift, "
                        "backward stable)",
                        prefix, k, crossover, n)};
  return qz_choice(E, A, opts, diag,
                   prefix + "pencil E - sA, " +
                       (k > 0 ? fmt::format("{} shifts >= crossover {} at n={}", k, crossover, n)
                              : std::string("many shifts (none announced)")));
}

template <class Mat>
AutoChoice requested_pencil(const Mat& E, const Mat& A, const Options& opts,
                            const Diagnostics& diag) {
  const std::string asked = fmt::format("method '{}' requested", to_string(opts.method));
  switch (opts.method) {
    case Method::Direct: return {make_direct(E, A), asked};
    case Method::Qz: return {make_qz(E, A, opts.tuning), asked};
    case Method::Schur:
      if (const auto c = scalar_identity(A))
        return {make_schur_shifted(E, *c, opts.tuning),
                asked + fmt::format("; A = c I (c = {}): Schur of E, the shifted standard form "
                                    "E - s c I",
                                    scalar_text(*c))};
      return {make_qz(E, A, opts.tuning), asked + "; on a pencil the Schur form is QZ's: qz"};
    case Method::Hessenberg:
      if (const auto c = scalar_identity(A))
        return {make_hessenberg_shifted(E, *c),
                asked + fmt::format("; A = c I (c = {}): Hessenberg of E, the shifted standard "
                                    "form E - s c I",
                                    scalar_text(*c))};
      return {make_hessenberg(E, A),
              asked + "; on a pencil: the Hessenberg-triangular form (gghd3), H - sT per shift"};
    case Method::Eig:
      if constexpr (std::is_same_v<Mat, MatrixXd>) {
        if (diag.hermitian) {
          DefinitePencilInfo info;
          if (auto sd = make_eig_symmetric_definite_pencil(E, A, info))
            return {std::move(sd),
                    fmt::format("{}; E and A symmetric, {} definite (kappa(L) ~ {}): "
                                "symmetric-definite eig",
                                asked, info.definite, sci(info.kappa_L))};
        }
      }
      return {make_qz(E, A, opts.tuning),
              asked + "; the eig route needs a symmetric-definite pencil, which this is not: qz"};
    case Method::BlockDiagonal:
      return {make_qz(E, A, opts.tuning),
              asked + "; block diagonalisation is of the standard form's Schur factor: qz"};
    case Method::Auto: break;
  }
  throw Error("requested_route_pencil: Auto is resolved by choose_route_pencil");
}

}  // namespace

AutoChoice choose_route_pencil(const MatrixXd& E, const MatrixXd& A, const Options& opts,
                               Diagnostics& diag) {
  return choose_pencil(E, A, opts, diag);
}
AutoChoice choose_route_pencil(const MatrixXcd& E, const MatrixXcd& A, const Options& opts,
                               Diagnostics& diag) {
  return choose_pencil(E, A, opts, diag);
}
AutoChoice requested_route_pencil(const MatrixXd& E, const MatrixXd& A, const Options& opts,
                                  const Diagnostics& diag) {
  return requested_pencil(E, A, opts, diag);
}
AutoChoice requested_route_pencil(const MatrixXcd& E, const MatrixXcd& A, const Options& opts,
                                  const Diagnostics& diag) {
  return requested_pencil(E, A, opts, diag);
}

}  // namespace specsweep::detail
