// Numerical edge cases on every route: a shift exactly at 1/lambda is flagged while the
// others stay intact; s = 0 gives b; A = 0; 1x1 A; a defective A against its closed form; A
// scaled by 2^+-500 (~1e+-150) without overflow; an empty shift list; several right-hand sides;
// a projection with p = 1.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "hard_matrices.hpp"
#include "reference_solve.hpp"
#include "specsweep/error.hpp"
#include "specsweep/resolvent.hpp"

using namespace specsweep;
using namespace specsweep::testing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
const Method kAllMethods[] = {Method::Auto, Method::Direct, Method::Eig, Method::Schur,
                              Method::Hessenberg};
const Method kStableMethods[] = {Method::Auto, Method::Direct, Method::Schur, Method::Hessenberg};

Options with(Method m) {
  Options o;
  o.method = m;
  return o;
}

MatrixXcd row_of(const SweepResult& r, Index j) {
  MatrixXcd x(r.outputs, r.rhs);
  for (Index i = 0; i < r.outputs; ++i)
    for (Index c = 0; c < r.rhs; ++c) x(i, c) = r(j, i, c);
  return x;
}

bool all_finite(const SweepResult& r) {
  for (const cplx& z : r.data)
    if (!std::isfinite(z.real()) || !std::isfinite(z.imag())) return false;
  return true;
}

bool is_flagged(const SweepResult& r, Index j) {
  for (const ShiftFlag& f : r.flagged)
    if (f.index == j) return true;
  return false;
}

}  // namespace

TEST_CASE("a shift exactly at 1/lambda is flagged and the other shifts are intact") {
  // Upper triangular with exact eigenvalues 0.5, 2, 4 on the diagonal: s = 0.5 makes
  // 1 - s * 2 = 0 exactly.
  MatrixXd A(4, 4);
  A << 0.5, 0.3, -0.2, 0.1,  //
      0, 2, 0.7, 0.4,        //
      0, 0, 4, -0.6,         //
      0, 0, 0, 1;
  const std::vector<cplx> s = {cplx(0.1), cplx(0.5), cplx(-0.3, 0.2), cplx(0.25, 1e-3)};
  const MatrixXcd b = MatrixXcd::Ones(4, 1);
  for (Method m : kAllMethods) {
    const Resolvent r(A, with(m));
    const SweepResult x = r.solve(s, b);
    INFO("method " << to_string(m) << " route " << to_string(r.route()));
    CHECK(is_flagged(x, 1));
    CHECK(x.flagged.size() == 1);
    CHECK(all_finite(x));  // the flagged row holds a finite best effort
    for (Index j : {0, 2, 3}) {
      const ReferenceSolution ref = reference_solve(A.cast<cplx>(), s[static_cast<size_t>(j)], b);
      CHECK(relative_error(row_of(x, j), ref.x) <= 100 * kEps * ref.cond2);
    }
  }
}

TEST_CASE("s = 0 gives x = b and A = 0 gives x = b for every shift") {
  const MatrixXd A = random_real(12, 1);
  MatrixXcd b(12, 1);
  for (Index i = 0; i < 12; ++i) b(i, 0) = cplx(1.0 + double(i), -0.5 * double(i));
  const MatrixXd Z = MatrixXd::Zero(12, 12);
  const std::vector<cplx> s = {cplx(0), cplx(3, -2), cplx(-1e6), cplx(0, 1e-8)};
  for (Method m : kAllMethods) {
    INFO("method " << to_string(m));
    const SweepResult x0 = Resolvent(A, with(m)).solve({cplx(0)}, b);
    CHECK(relative_error(row_of(x0, 0), b) <= 10 * kEps);
    const SweepResult xz = Resolvent(Z, with(m)).solve(s, b);
    CHECK(xz.flagged.empty());
    for (Index j = 0; j < 4; ++j) CHECK(relative_error(row_of(xz, j), b) <= 10 * kEps);
  }
}

TEST_CASE("1x1 A: x = b / (1 - s a)") {
  MatrixXd A(1, 1);
  A(0, 0) = -2.5;
  const MatrixXcd b = MatrixXcd::Constant(1, 1, cplx(0.5, 2));
  const std::vector<cplx> s = {cplx(0.3), cplx(-0.1, 0.7), cplx(10, 0)};
  for (Method m : kAllMethods) {
    const SweepResult x = Resolvent(A, with(m)).solve(s, b);
    for (Index j = 0; j < 3; ++j) {
      const cplx want = b(0, 0) / (1.0 - s[static_cast<size_t>(j)] * A(0, 0));
      INFO("method " << to_string(m) << " shift " << j);
      CHECK(std::abs(x(j, 0) - want) <= 4 * kEps * std::abs(want));
    }
  }
}

TEST_CASE("defective A (Jordan block) against the closed form") {
  // J = lambda I + N, n = 3: (I - sJ)^-1 = sum_k (s N)^k / (1 - s lambda)^(k+1).
  const double lambda = 0.8;
  MatrixXd J = lambda * MatrixXd::Identity(3, 3);
  J(0, 1) = J(1, 2) = 1;
  const MatrixXcd b = (MatrixXcd(3, 1) << cplx(1, 0), cplx(-2, 1), cplx(0.5, 0.5)).finished();
  const std::vector<cplx> s = {cplx(0.3), cplx(-1.1, 0.4), cplx(1.0, 0.05)};
  for (Method m : kStableMethods) {
    const SweepResult x = Resolvent(J, with(m)).solve(s, b);
    for (Index j = 0; j < 3; ++j) {
      const cplx sj = s[static_cast<size_t>(j)], d = 1.0 - sj * lambda;
      MatrixXcd want(3, 1);
      want(2, 0) = b(2, 0) / d;
      want(1, 0) = b(1, 0) / d + sj * b(2, 0) / (d * d);
      want(0, 0) = b(0, 0) / d + sj * b(1, 0) / (d * d) + sj * sj * b(2, 0) / (d * d * d);
      const ReferenceSolution ref = reference_solve(J.cast<cplx>(), sj, b);
      INFO("method " << to_string(m) << " shift " << sj << " cond " << ref.cond2);
      CHECK(relative_error(row_of(x, j), want) <= 100 * kEps * ref.cond2);
    }
  }
}

TEST_CASE("A scaled by 2^500 and 2^-500: diagnostics finite, x(s; cA) = x(cs; A)") {
  const MatrixXd A = random_real(16, 4);
  const MatrixXcd b = MatrixXcd::Ones(16, 1);
  const std::vector<cplx> base = {cplx(0.4, 0.1), cplx(-2, 0.5), cplx(0, 1)};
  for (int e : {500, -500}) {
    const double c = std::ldexp(1.0, e);  // a power of two: the scaling itself is exact
    std::vector<cplx> s;
    for (cplx t : base) s.push_back(t / c);
    for (Method m : kStableMethods) {
      const Resolvent r(MatrixXd(c * A), with(m));
      const Diagnostics& d = r.diagnostics();
      INFO("scale 2^" << e << " method " << to_string(m) << " route " << to_string(r.route()));
      CHECK(std::isfinite(d.norm_fro));
      CHECK(d.norm_fro > 0);
      if (!std::isnan(d.departure_from_normality)) CHECK(std::isfinite(d.departure_from_normality));
      if (!std::isnan(d.spectral_radius)) CHECK(std::isfinite(d.spectral_radius));
      if (!std::isnan(d.kappa_V)) CHECK(std::isfinite(d.kappa_V));
      const SweepResult x = r.solve(s, b);
      CHECK(x.flagged.empty());
      for (Index j = 0; j < 3; ++j) {
        const ReferenceSolution ref = reference_solve(A.cast<cplx>(), base[static_cast<size_t>(j)], b);
        CHECK(relative_error(row_of(x, j), ref.x) <= 100 * kEps * ref.cond2);
      }
    }
  }
}

TEST_CASE("an empty shift list returns an empty result") {
  const MatrixXd A = random_real(8, 2);
  for (Method m : kAllMethods) {
    const SweepResult x = Resolvent(A, with(m)).solve({}, MatrixXcd::Ones(8, 1));
    CHECK(x.shifts == 0);
    CHECK(x.data.empty());
    CHECK(x.flagged.empty());
  }
}

TEST_CASE("several right-hand sides and a projection with p = 1") {
  const Index n = 20;
  const MatrixXcd A = random_complex(n, 6);
  const MatrixXcd B = random_complex(n, 7).leftCols(3);
  const MatrixXcd C = random_complex(n, 8).topRows(1);
  const std::vector<cplx> s = {cplx(0.2, 0.1), cplx(-0.9), cplx(0.05, -0.6)};
  for (Method m : kAllMethods) {
    const Resolvent r(A, with(m));
    const SweepResult X = r.solve(s, B);
    CHECK(X.rhs == 3);
    const SweepResult Y = r.project(C, s, B.col(1));
    CHECK(Y.outputs == 1);
    for (Index j = 0; j < 3; ++j) {
      const ReferenceSolution ref = reference_solve(A, s[static_cast<size_t>(j)], B);
      const double tol = (m == Method::Eig ? 1e4 : 100) * kEps * ref.cond2;
      INFO("method " << to_string(m) << " shift " << j << " cond " << ref.cond2);
      CHECK(relative_error(row_of(X, j), ref.x) <= tol);
      const cplx want = (C * ref.x.col(1))(0, 0);
      CHECK(std::abs(Y(j, 0) - want) <= tol * C.norm() * ref.x.col(1).norm());
    }
  }
}
