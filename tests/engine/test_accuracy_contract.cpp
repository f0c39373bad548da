// The accuracy contract (docs/design.md#contract-tests) on hard matrices: for every shift with
// cond(I - sA) eps < 1e-2 the relative error of auto (with few, many and 10^6 announced shifts,
// and with a projection), schur, hessenberg, block-diagonal and direct is at most 100 eps cond(I - sA),
// against the long-double reference with cond_2 measured from its explicit inverse. The eig
// route is allowed to fail there, and auto must not pick it. Prints the accuracy table.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <random>

#include "hard_matrices.hpp"
#include "reference_solve.hpp"
#include "specsweep/resolvent.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kContract = 100.0;  // allowed err / (eps cond)

struct HardCase {
  std::string name;
  MatrixXcd A;
  bool real;
  bool eig_safe = false;  ///< nearly normal, kappa(V) ~ 1: auto may take eig for a projection
};

std::vector<HardCase> hard_cases() {
  std::vector<double> roots;
  for (int i = 1; i <= 12; ++i) roots.push_back(0.25 * i);  // a Wilkinson-like polynomial
  std::vector<HardCase> cases = {
      {"frank(24)", frank(24).cast<cplx>(), true},
      {"grcar(32)", grcar(32).cast<cplx>(), true},
      {"kahan(24)", kahan(24).cast<cplx>(), true},
      {"jordan(12, 0.5)", dense_jordan_block(12, 0.5, 3).cast<cplx>(), true},
      {"companion(12)", companion_from_roots(roots).cast<cplx>(), true},
      {"graded(30, 12 dec)", graded(30, 12.0, 5).cast<cplx>(), true},
      {"symmetric(40)", random_symmetric(40, 9).cast<cplx>(), true},
      {"hilbert(10)", hilbert(10).cast<cplx>(), true},
      {"random real(60)", random_real(60, 11).cast<cplx>(), true},
      {"random complex(50)", random_complex(50, 13), false},
      {"nearly normal(40)", nearly_normal(40, 1e-3, 21).cast<cplx>(), true, true},
      // For the block-diagonal route: eigenvalue pairs 1e-8 apart (trsyl between them would
      // give ||X|| ~ 1e8: the pair must share a cluster), a Jordan block perturbed by 1e-10
      // (eigenvalues ~1e-1 apart on a circle but condition ~1e9: one cluster), and a normal
      // matrix with repeated eigenvalues (Q diag Q^T, exactly splittable, kappa(W) ~ 1).
      {"clustered pairs(40)", clustered_pairs(40, 1e-8, 31).cast<cplx>(), true},
      {"perturbed jordan(10)", perturbed_jordan(10, 0.5, 1e-10, 33).cast<cplx>(), true},
      {"normal repeated(40)", normal_repeated(40, 35).cast<cplx>(), true, true},  // normal: eig safe
  };
  return cases;
}

struct RouteRun {
  std::string label;
  Options opts;
};

struct CaseResult {
  std::string auto_route, auto_few_route, auto_proj_route;
  Index in_contract = 0, total = 0;
  std::map<std::string, double> worst;  // label -> max err / (eps cond); inf when not finite
};

Resolvent build(const HardCase& c, const Options& o) {
  return c.real ? Resolvent(MatrixXd(c.A.real()), o) : Resolvent(c.A, o);
}

CaseResult run_case(const HardCase& c, const std::vector<RouteRun>& runs) {
  const std::vector<cplx> shifts = accuracy_shifts(c.A);
  std::mt19937 gen(42);
  std::normal_distribution<double> N01;
  MatrixXcd b(c.A.rows(), 1);
  for (Index i = 0; i < b.rows(); ++i) b(i, 0) = cplx(N01(gen), N01(gen));

  std::vector<ReferenceSolution> ref;
  for (cplx s : shifts) ref.push_back(reference_solve(c.A, s, b));

  CaseResult res;
  res.total = static_cast<Index>(shifts.size());
  for (const auto& r : ref)
    if (!r.singular && r.cond2 * kEps < 1e-2) ++res.in_contract;

  for (const auto& run : runs) {
    Options o = run.opts;
    if (run.label == "auto few") o.expected_shifts = 1;  // below any crossover
    if (run.label == "auto proj") o.observe_rows = 1;    // makes eig a candidate
    if (run.label == "auto many") o.expected_shifts = 1000000;  // block diagonalisation tried
    const Resolvent R = build(c, o);
    if (run.label == "auto") res.auto_route = to_string(R.route());
    if (run.label == "auto few") res.auto_few_route = to_string(R.route());
    if (run.label == "auto proj") res.auto_proj_route = to_string(R.route());
    const SweepResult x = R.solve(shifts, b);
    double worst = 0;
    for (size_t j = 0; j < shifts.size(); ++j) {
      if (ref[j].singular || ref[j].cond2 * kEps >= 1e-2) continue;
      MatrixXcd got(b.rows(), 1);
      for (Index i = 0; i < b.rows(); ++i) got(i, 0) = x(static_cast<Index>(j), i);
      const double err = relative_error(got, ref[j].x);
      const double ratio = std::isfinite(err) ? err / (kEps * ref[j].cond2)
                                              : std::numeric_limits<double>::infinity();
      worst = std::max(worst, ratio);
      if (run.opts.method != Method::Eig) {
        INFO(c.name << " route " << run.label << " (" << to_string(R.route()) << ") shift " << j
                    << " s = " << shifts[j] << " cond " << ref[j].cond2 << " rel err " << err
                    << " = " << ratio << " eps cond");
        CHECK(ratio <= kContract);
      }
    }
    res.worst[run.label] = worst;
  }
  return res;
}

std::string fmt_ratio(double r) { return std::isfinite(r) ? fmt::format("{:.3g}", r) : "inf/NaN"; }

}  // namespace

TEST_CASE("accuracy contract on hard matrices: auto, schur, hessenberg, block-diagonal, direct "
          "within 100 eps cond") {
  auto opt = [](Method m) {
    Options o;
    o.method = m;
    return o;
  };
  const std::vector<RouteRun> runs = {
      {"auto", opt(Method::Auto)},         {"auto few", opt(Method::Auto)},
      {"auto proj", opt(Method::Auto)},   {"auto many", opt(Method::Auto)},
      {"schur", opt(Method::Schur)},       {"hessenberg", opt(Method::Hessenberg)},
      {"block-diag", opt(Method::BlockDiagonal)},
      {"direct", opt(Method::Direct)},     {"eig", opt(Method::Eig)},
  };

  std::string table = fmt::format(
      "\naccuracy table: max over shifts with cond*eps < 1e-2 of rel.err / (eps * cond_2(I - sA))\n"
      "{:<20} {:>4} {:<14} {:<14} {:<14} {:>7} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>9} {:>9}\n",
      "matrix", "n", "auto chose", "auto(1 shift)", "auto(proj)", "shifts", "auto", "auto(1)",
      "auto(proj)", "schur", "hessenberg", "block-diag", "direct", "eig");
  double eig_worst_on_nonnormal = 0;
  for (const HardCase& c : hard_cases()) {
    const CaseResult r = run_case(c, runs);
    CHECK_MESSAGE(r.in_contract >= 8, c.name << ": too few shifts inside the contract range");
    CHECK_MESSAGE(r.auto_route != to_string(Route::Eig),
                  c.name << ": auto without a projection has no reason to pick eig");
    if (!c.eig_safe)
      CHECK_MESSAGE(r.auto_proj_route != to_string(Route::Eig),
                    c.name << ": auto with a projection must not pick eig on a hard matrix");
    if (c.name.rfind("grcar", 0) == 0 || c.name.rfind("jordan", 0) == 0)
      eig_worst_on_nonnormal = std::max(eig_worst_on_nonnormal, r.worst.at("eig"));
    table += fmt::format("{:<20} {:>4} {:<14} {:<14} {:<14} {:>3}/{:<3} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>9} {:>9}\n",
                         c.name, c.A.rows(), r.auto_route, r.auto_few_route, r.auto_proj_route, r.in_contract, r.total,
                         fmt_ratio(r.worst.at("auto")), fmt_ratio(r.worst.at("auto few")),
                         fmt_ratio(r.worst.at("auto proj")),
                         fmt_ratio(r.worst.at("schur")), fmt_ratio(r.worst.at("hessenberg")),
                         fmt_ratio(r.worst.at("block-diag")),
                         fmt_ratio(r.worst.at("direct")), fmt_ratio(r.worst.at("eig")));
  }
  std::cout << table << std::flush;
  // eig is allowed to fail: on Grcar / the Jordan block its error exceeds the contract.
  CHECK_MESSAGE(eig_worst_on_nonnormal > kContract,
                "expected the eig route to break the 100 eps cond bound on Grcar or the Jordan "
                "block (worst err/(eps cond) = " << eig_worst_on_nonnormal << ")");
}
