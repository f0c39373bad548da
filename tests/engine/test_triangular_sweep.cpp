// The sweep shared by the triangular-factor routes (Schur, Hessenberg).
// Several right-hand sides: the m columns of B are lanes of one substitution, so column r must
// come out as the single-column sweep of B(:, r) gives it, and as the independent long-double
// LU reference does. On Grcar (real, highly non-normal, every eigenvalue in a complex pair, so
// its real Schur form is all 2x2 bumps) and on a complex A; with no observer, a real and a
// complex one (the three layouts of x = W y); block sizes that cut the chunks unevenly; and
// exactly singular shifts.
// Workspace: a bound problem allocates nothing after its first block, counted through the
// replaced operator new (what std::vector, the workspace's storage, allocates with).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <new>

#include "routes/route_solver.hpp"  // the bound problem's block interface (internal)
#include "triangular_route_checks.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t bytes) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(bytes > 0 ? bytes : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace specsweep;
using namespace specsweep::testing;

namespace {

// Rings |s| rho(A) = r: for Grcar(100) cond(I - sA) runs from about 2 (r = 0.3) through 1e3
// (r = 0.8) to 1e13 (r = 1, where its pseudospectra bulge out of the spectrum) and back down
// (1e6 at r = 1.5, 10 at r = 3); then Drude-shaped shifts. 33 shifts: chunks of 21 (Schur) and
// 32 (Hessenberg) shifts for three right-hand sides, 64 for one, all cut unevenly.
std::vector<cplx> ring_shifts(double rho) {
  std::vector<cplx> s;
  for (double r : {0.3, 0.8, 1.0, 1.5, 3.0})
    for (int a = 0; a < 6; ++a) s.push_back(std::polar(r, 0.1 + 1.047 * a) / rho);
  for (double hw : {0.05, 0.3, 1.0}) s.push_back(-0.3 / (hw * cplx(hw, 0.01)) / (10.0 * rho));
  return s;
}

// s = 1 / lambda for a few eigenvalues: cond(I - sA) beyond 1/eps, so every route flags them.
std::vector<cplx> resonant_shifts(const VectorXcd& lambda) {
  std::vector<cplx> s;
  for (Index i = 0; i < lambda.size(); i += std::max<Index>(1, lambda.size() / 3))
    s.push_back(1.0 / lambda[i]);
  return s;
}

// The q x 1 answer for shift j and right-hand side r.
MatrixXcd answer(const SweepResult& X, Index j, Index r) {
  MatrixXcd x(X.outputs, 1);
  for (Index i = 0; i < X.outputs; ++i) x(i, 0) = X(j, i, r);
  return x;
}

SweepResult run(const Resolvent& R, const MatrixXcd* C, const std::vector<cplx>& s,
                const MatrixXcd& B) {
  return C ? R.project(*C, s, B) : R.solve(s, B);
}

struct Worst {
  double vs_single = 0, vs_single_over_cond = 0, vs_reference = 0;
  Index flags_compared = 0, flagged = 0;
};

Worst check_columns_against_single_sweeps(const NamedMatrix& c, Method method) {
  const Index n = c.A.rows(), m = 3, p = 4;
  // A complex column, a real one and a zero one (no growth to measure: y = 0 exactly).
  MatrixXcd B(n, m);
  B.col(0) = random_rhs(n, 1, 11);
  B.col(1) = random_rhs(n, 1, 12).real().cast<cplx>();
  B.col(2).setZero();
  const MatrixXcd Cc = random_rhs(p, n, 13);
  const MatrixXcd Cr = Cc.real().cast<cplx>();
  const VectorXcd lambda = reference_eigenvalues(c.A);
  std::vector<cplx> shifts = ring_shifts(lambda.cwiseAbs().maxCoeff());
  for (cplx s : resonant_shifts(lambda)) shifts.push_back(s);
  std::vector<ReferenceSolution> ref;
  for (cplx s : shifts) ref.push_back(reference_solve(c.A, s, B));

  Worst w;
  for (const MatrixXcd* C : {static_cast<const MatrixXcd*>(nullptr), &Cr, &Cc}) {
    for (Index block : {Index(0), Index(7)}) {
      Options o;
      o.method = method;
      o.block_size = block;
      const Resolvent R = build_resolvent(c, o);
      const SweepResult X = run(R, C, shifts, B);
      REQUIRE(X.rhs == m);
      std::vector<SweepResult> single;
      for (Index r = 0; r < m; ++r) single.push_back(run(R, C, shifts, MatrixXcd(B.col(r))));
      for (Index j = 0; j < X.shifts; ++j) {
        const double cond = ref[static_cast<size_t>(j)].cond2;
        const bool flagged = is_flagged(X, j);
        bool flagged_single = false;
        for (const SweepResult& S : single) flagged_single = flagged_single || is_flagged(S, j);
        INFO(c.name << " " << to_string(method) << (C ? (C == &Cr ? " real C" : " complex C") : "")
                    << " block " << block << " shift " << j << " s = " << shifts[size_t(j)]
                    << " cond_2 " << cond);
        // The flag of a shift is the worst over its columns: as if each were swept alone.
        // (Near the threshold the estimate of an ill-posed shift may legitimately differ.)
        if (cond * kEpsD < 1e-2 || cond * kEpsD > 1.0) {
          CHECK(flagged == flagged_single);
          ++w.flags_compared;
          w.flagged += flagged ? 1 : 0;
        }
        CHECK(answer(X, j, 2).isZero(0.0));
        if (flagged) continue;
        for (Index r = 0; r < 2; ++r) {
          const MatrixXcd got = answer(X, j, r);
          const double d = relative_error(got, answer(single[size_t(r)], j, 0));
          w.vs_single = std::max(w.vs_single, d);
          w.vs_single_over_cond = std::max(w.vs_single_over_cond, d / (kEpsD * cond));
          CHECK(d <= 1e-13);
          if (cond * kEpsD < 1e-2) {
            const MatrixXcd x = ref[static_cast<size_t>(j)].x.col(r);
            const double e = relative_error(got, C ? MatrixXcd(*C * x) : x) / (kEpsD * cond);
            w.vs_reference = std::max(w.vs_reference, e);
            CHECK(e <= 100.0);
          }
        }
      }
    }
  }
  return w;
}

}  // namespace

TEST_CASE("triangular routes: m right-hand sides equal m single-column sweeps, column by column") {
  const std::vector<NamedMatrix> cases = {{"grcar(100)", grcar(100).cast<cplx>(), true},
                                          {"random complex(50)", random_complex(50, 5), false}};
  // Grcar's real Schur form: every eigenvalue non-real, so T is made of 2x2 bumps.
  const VectorXcd lam = reference_eigenvalues(cases[0].A);
  CHECK((lam.imag().array().abs() > 1e-3).count() == lam.size());
  for (const NamedMatrix& c : cases)
    for (Method method : {Method::Schur, Method::Hessenberg}) {
      const Worst w = check_columns_against_single_sweeps(c, method);
      std::cout << fmt::format(
          "{:<20} {:<10} max rel diff to single {:.3g} ({:.3g} eps cond), "
          "max err vs reference {:.3g} eps cond, flags {} of {}\n",
          c.name, to_string(method), w.vs_single, w.vs_single_over_cond, w.vs_reference, w.flagged,
          w.flags_compared);
    }
}

TEST_CASE("triangular routes: exactly singular shifts are flagged once for all right-hand sides") {
  // Rows 0-1 form the bump [0 1; -1 0] (eigenvalues +-i), so s = -i makes a 2x2 diagonal block
  // of I - sT exactly singular; t_22 = 0.5 makes s = 2 exactly singular on a 1x1 pivot. The
  // Hessenberg route meets the same zero pivots (A is already Hessenberg).
  MatrixXd A(3, 3);
  A << 0, 1, 0.3,  //
      -1, 0, 0.2,  //
      0, 0, 0.5;
  const std::vector<cplx> s = {cplx(0.2), cplx(0, -1), cplx(-0.4, 0.1), cplx(2), cplx(0.9, 0.3)};
  const MatrixXcd B = random_rhs(3, 4, 21);
  for (Method method : {Method::Schur, Method::Hessenberg}) {
    INFO(to_string(method));
    Options o;
    o.method = method;
    const SweepResult X = Resolvent(A, o).solve(s, B);
    REQUIRE(X.rhs == 4);
    CHECK(X.flagged.size() == 2);
    CHECK(is_flagged(X, 1));
    CHECK(is_flagged(X, 3));
    for (Index j = 0; j < X.shifts; ++j) CHECK(shift_block(X, j).allFinite());
    for (Index j : {0, 2, 4}) {
      const ReferenceSolution ref = reference_solve(A.cast<cplx>(), s[static_cast<size_t>(j)], B);
      CHECK(relative_error(shift_block(X, j), ref.x) <= 100 * kEpsD * ref.cond2);
    }
  }
}

TEST_CASE("triangular routes: after its first block a bound problem allocates nothing") {
  // 705 shifts are eleven chunks and a part (64 lanes per chunk at n = 60). The first block
  // grows the workspace; the second, through every chunk, allocates nothing and reproduces
  // the first bit for bit (no state leaks from one block into the next through the reuse).
  const Index n = 60, k = 705;
  const MatrixXd A = real_with_complex_pairs(n, 3);
  const double rho = reference_eigenvalues(A.cast<cplx>()).cwiseAbs().maxCoeff();
  std::vector<cplx> s;
  for (Index j = 0; j < k; ++j) s.push_back(std::polar(0.5, 0.37 * double(j)) / rho);
  const MatrixXcd Cc = random_rhs(4, n, 9);
  for (bool schur : {true, false})
    for (Index m : {Index(1), Index(3)})
      for (const MatrixXcd* C : {static_cast<const MatrixXcd*>(nullptr), &Cc}) {
        const auto solver = schur ? detail::make_schur(A, Tuning{}) : detail::make_hessenberg(A);
        const auto bound = solver->bind(random_rhs(n, m, 8), C);
        const Index per_shift = bound->outputs() * m;
        std::vector<cplx> first(static_cast<size_t>(k * per_shift)), again(first.size());
        std::vector<detail::ShiftStatus> st(static_cast<size_t>(k));
        bound->solve_all_rhs(s.data(), k, m, first.data(), st.data());
        const long before = g_allocations.load();
        bound->solve_all_rhs(s.data(), k, m, again.data(), st.data());
        const long used = g_allocations.load() - before;
        INFO((schur ? "schur" : "hessenberg") << " m = " << m << (C ? " with C" : ""));
        CHECK(used == 0);
        CHECK(again == first);
      }
}
