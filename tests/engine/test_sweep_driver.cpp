// The sweep driver and the modal routes: streaming order, block-size independence, the (k, n, m)
// layout, projection, and the symmetric-definite product. References are Eigen's own LU solves
// of I - sA, independent of every route.
#include <doctest/doctest.h>

#include <complex>
#include <random>
#include <utility>

#include "specsweep/error.hpp"
#include "specsweep/resolvent.hpp"

using namespace specsweep;

namespace {

MatrixXcd lu_reference(const MatrixXcd& A, cplx s, const MatrixXcd& B) {
  MatrixXcd M = MatrixXcd::Identity(A.rows(), A.cols()) - s * A;
  return M.fullPivLu().solve(B);
}

std::vector<cplx> drude_shifts(Index k) {
  std::vector<cplx> s;
  for (Index j = 0; j < k; ++j) {
    const double hw = 0.05 + 0.95 * double(j) / double(std::max<Index>(1, k - 1));
    s.push_back(-0.3 / (hw * cplx(hw, 0.01)));
  }
  return s;
}

double max_rel_error(const SweepResult& r, const MatrixXcd& A, const std::vector<cplx>& s,
                     const MatrixXcd& B, const MatrixXcd* C = nullptr) {
  double worst = 0;
  for (Index j = 0; j < r.shifts; ++j) {
    MatrixXcd X = lu_reference(A, s[static_cast<size_t>(j)], B);
    if (C) X = *C * X;
    MatrixXcd got(X.rows(), X.cols());
    for (Index i = 0; i < X.rows(); ++i)
      for (Index c = 0; c < X.cols(); ++c) got(i, c) = r(j, i, c);
    worst = std::max(worst, (got - X).norm() / X.norm());
  }
  return worst;
}

}  // namespace

TEST_CASE("sweep streams blocks in shift order and the block size does not change the answer") {
  std::mt19937 gen(7);
  std::normal_distribution<double> N01;
  const Index n = 40;
  MatrixXd A = MatrixXd::NullaryExpr(n, n, [&] { return 0.2 * N01(gen); });
  MatrixXd S = A + A.transpose();  // Hermitian route
  const auto shifts = drude_shifts(301);
  MatrixXcd b = MatrixXcd::Random(n, 1);
  for (Index block : {1, 7, 64, 1000}) {
    Options o;
    o.method = Method::Eig;
    o.block_size = block;
    Resolvent r(S, o);
    CHECK(r.route() == Route::EigHermitian);
    Index next = 0;
    std::vector<cplx> streamed;
    r.sweep(shifts, b, nullptr, [&](Index first, Index count, const cplx* data) {
      CHECK(first == next);
      next += count;
      streamed.insert(streamed.end(), data, data + count * n);
    });
    CHECK(next == Index(shifts.size()));
    SweepResult whole = r.solve(shifts, b);
    REQUIRE(whole.data.size() == streamed.size());
    CHECK(std::equal(streamed.begin(), streamed.end(), whole.data.begin()));
    const double err = max_rel_error(whole, S.cast<cplx>(), shifts, b);
    INFO("block " << block << " max rel error " << err);
    CHECK(err < 1e-11);
  }
}

TEST_CASE("several right-hand sides are laid out as (k, n, m) and projection equals C x") {
  const Index n = 30, m = 3, p = 2;
  MatrixXcd A = MatrixXcd::Random(n, n) * 0.1;
  MatrixXcd B = MatrixXcd::Random(n, m);
  MatrixXcd C = MatrixXcd::Random(p, n);
  const auto shifts = drude_shifts(50);
  for (Method m_ : {Method::Direct, Method::Eig}) {
    Resolvent r(A, Options{m_});
    SweepResult x = r.solve(shifts, B);
    CHECK(x.outputs == n);
    CHECK(x.rhs == m);
    CHECK(max_rel_error(x, A, shifts, B) < 1e-10);
    SweepResult y = r.project(C, shifts, B);
    CHECK(y.outputs == p);
    CHECK(max_rel_error(y, A, shifts, B, &C) < 1e-10);
  }
}

TEST_CASE("symmetric-definite product V D: real spectrum and residuals at rounding level") {
  std::mt19937 gen(11);
  std::normal_distribution<double> N01;
  const Index n = 60;
  MatrixXd G = MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); });
  MatrixXd V = G * G.transpose() / double(n) + MatrixXd::Identity(n, n);  // SPD
  MatrixXd H = MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); });
  MatrixXd D = -(H * H.transpose()) / double(n);  // symmetric, <= 0 like the ribbon's D
  Resolvent r = Resolvent::symmetric_definite_product(V, D);
  CHECK(r.route() == Route::EigSymmetricDefinite);
  CHECK(r.diagnostics().product_form);
  // Eigenvalues of V D are real and non-positive: compare with Eigen's general eigensolver,
  // which does not assume it (the route's imaginary parts are zero by construction).
  const VectorXcd lam = r.eigenvalues();
  Eigen::EigenSolver<MatrixXd> es(V * D);
  std::vector<double> ours, ref;
  double ref_imag = 0;
  for (Index i = 0; i < n; ++i) {
    ours.push_back(lam[i].real());
    ref.push_back(es.eigenvalues()[i].real());
    ref_imag = std::max(ref_imag, std::abs(es.eigenvalues()[i].imag()));
  }
  std::sort(ours.begin(), ours.end());
  std::sort(ref.begin(), ref.end());
  const double scale = std::abs(ref.front());
  CHECK(ref_imag < 1e-12 * scale);
  CHECK(ref.back() < 1e-12 * scale);  // and <= 0, as D <= 0 with V SPD makes it
  for (Index i = 0; i < n; ++i) CHECK(std::abs(ours[size_t(i)] - ref[size_t(i)]) < 1e-12 * scale);
  const auto shifts = drude_shifts(80);
  MatrixXcd b = MatrixXcd::Random(n, 1);
  CHECK(max_rel_error(r.solve(shifts, b), (V * D).cast<cplx>(), shifts, b) < 1e-11);
}

TEST_CASE("a V that is not positive definite falls back to the formed product") {
  const Index n = 8;
  MatrixXd V = MatrixXd::Identity(n, n);
  V(0, 0) = -1.0;
  MatrixXd D = MatrixXd::Identity(n, n);
  Resolvent r = Resolvent::symmetric_definite_product(V, D);
  CHECK(r.route() != Route::EigSymmetricDefinite);
  const auto shifts = drude_shifts(10);
  MatrixXcd b = MatrixXcd::Random(n, 1);
  CHECK(max_rel_error(r.solve(shifts, b), (V * D).cast<cplx>(), shifts, b) < 1e-12);
}

TEST_CASE("pole sums (p x m <= 8 outputs) equal sum_i G_ti / (1 - s lambda_i) to rounding") {
  // Diagonal A: the eigenvectors are unit vectors, so G_ti = C_pi B_ir exactly and the
  // reference sum is the same maths in long double. Real and complex poles, real and complex
  // residues (the four kernels), n = 23 (the vector lanes' tail), 1, 4 and 8 sums; a shift at
  // exactly 1/lambda_0 (d = 0: flagged, finite) and one with |d|^2 beyond the safe window.
  using cld = std::complex<long double>;
  const Index n = 23;
  std::mt19937 gen(5);
  std::uniform_real_distribution<double> U(-1, 1);
  std::vector<cplx> shifts = drude_shifts(37);
  shifts.push_back(cplx(2.0));    // 1 - 2 * 0.5 = 0 exactly
  shifts.push_back(cplx(1e200));  // |d|^2 overflows: the scaled path
  const Index singular = Index(shifts.size()) - 2;
  for (bool complex_poles : {false, true})
    for (bool complex_residues : {false, true})
      for (auto [p, m] : {std::pair<Index, Index>{1, 1}, {2, 2}, {2, 4}}) {
        VectorXcd lambda(n);
        lambda[0] = 0.5;
        for (Index i = 1; i < n; ++i) lambda[i] = cplx(4 * U(gen), complex_poles ? U(gen) : 0.0);
        MatrixXcd B(n, m), C(p, n);
        for (Index i = 0; i < n; ++i) {
          for (Index r = 0; r < m; ++r) B(i, r) = cplx(U(gen), complex_residues ? U(gen) : 0.0);
          for (Index t = 0; t < p; ++t) C(t, i) = U(gen);
        }
        Options o;
        o.method = Method::Eig;
        SweepResult y;
        if (complex_poles) {
          const MatrixXcd A = lambda.asDiagonal();
          y = Resolvent(A, o).project(C, shifts, B);
        } else {
          const MatrixXd A = lambda.real().asDiagonal();
          y = Resolvent(A, o).project(C, shifts, B);
        }
        INFO("complex poles " << complex_poles << ", complex residues " << complex_residues << ", "
                              << p << " x " << m << " sums");
        REQUIRE(y.flagged.size() >= 1);
        CHECK(y.flagged[0].index == singular);
        double worst = 0;
        for (Index j = 0; j < Index(shifts.size()); ++j)
          for (Index t = 0; t < p; ++t)
            for (Index r = 0; r < m; ++r) {
              cld sum = 0;
              long double bound = 0;  // sum_i |G_ti / d_i|: the sum's condition
              for (Index i = 0; i < n; ++i) {
                const cld d = cld(1) - cld(shifts[size_t(j)]) * cld(lambda[i]);
                if (d == cld(0)) continue;  // the flagged shift's best effort skips d = 0
                const cld term = cld(C(t, i)) * cld(B(i, r)) / d;
                sum += term;
                bound += std::abs(term);
              }
              const cplx got = y(j, t, r);
              REQUIRE(std::isfinite(got.real()));
              REQUIRE(std::isfinite(got.imag()));
              worst = std::max(worst, double(std::abs(cld(got) - sum) / bound));
            }
        INFO("max |error| / sum |G/d| = " << worst);
        CHECK(worst < 64 * std::numeric_limits<double>::epsilon());
      }
}

TEST_CASE("misuse and bad arguments throw specsweep::Error") {
  CHECK_THROWS_AS(Resolvent(MatrixXd(3, 4)), Error);
  MatrixXd A = MatrixXd::Identity(3, 3);
  A(1, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(Resolvent(A, Options{}), Error);
  Resolvent r(MatrixXd(MatrixXd::Identity(3, 3)), Options{Method::Direct});
  CHECK_THROWS_AS(r.solve({cplx(0.5)}, MatrixXcd::Ones(4, 1)), Error);
  CHECK_THROWS_AS(r.solve({cplx(std::numeric_limits<double>::infinity())}, MatrixXcd::Ones(3, 1)),
                  Error);
  CHECK_THROWS_AS(parse_method("fastest"), Error);
}
