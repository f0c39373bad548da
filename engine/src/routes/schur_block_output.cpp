#include "schur_block_output.hpp"

#include <algorithm>
#include <cmath>

#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {

void basis_times_shift_major(const std::variant<MatrixXd, MatrixXcd>& W, const MatrixXcd& Yt,
                             cplx* out) {
  const Index kb = Yt.rows(), n = Yt.cols();
  if (const auto* Wr = std::get_if<MatrixXd>(&W)) {
    const Index q = Wr->rows();
    // Xt (kb x q complex) = Yt W^T, as the real (2kb x n)(n x q) product; then transpose.
    thread_local MatrixXcd Xt;  // per-thread workspace, reused across blocks
    Xt.resize(kb, q);
    linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * kb, q, n, 1.0,
                 reinterpret_cast<const double*>(Yt.data()), 2 * kb, Wr->data(), q, 0.0,
                 reinterpret_cast<double*>(Xt.data()), 2 * kb);
    for (Index j = 0; j < kb; ++j)
      for (Index i = 0; i < q; ++i) out[j * q + i] = Xt(j, i);
  } else {
    // out read column-major is the q x kb matrix W Yt^T.
    const auto& Wc = std::get<MatrixXcd>(W);
    const Index q = Wc.rows();
    linalg::gemm(linalg::Op::N, linalg::Op::T, q, kb, n, cplx(1.0), Wc.data(), q, Yt.data(), kb,
                 cplx(0.0), out, q);
  }
}

void finish_shift_block(const std::variant<MatrixXd, MatrixXcd>& W, const MatrixXcd& Yt,
                        const cplx* c, const cplx* s, double norm2,
                        std::vector<ShiftConditionBound>& bounds, cplx* out,
                        ShiftStatus* status) {
  const Index kb = Yt.rows(), n = Yt.cols();
  // ||y|| / ||c|| per shift, everything scaled by max|c| so the squares cannot overflow.
  const Eigen::Map<const VectorXcd> cv(c, n);
  const double c_scale = cv.cwiseAbs().maxCoeff();
  const double c_norm = c_scale > 0 ? (cv / c_scale).norm() : 0.0;
  std::vector<double> y2(static_cast<size_t>(kb), 0.0);
  if (c_norm > 0) {
    const double inv = 1.0 / c_scale;
    for (Index i = 0; i < n; ++i)
      for (Index k = 0; k < kb; ++k) y2[k] += std::norm(Yt(k, i) * inv);
  }
  for (Index k = 0; k < kb; ++k) {
    bounds[k].growth = c_norm > 0 ? std::sqrt(y2[k]) / c_norm : 0.0;
    bounds[k].flag(std::abs(s[k]), norm2, status[k]);
  }

  basis_times_shift_major(W, Yt, out);
  const Index q = std::visit([](const auto& M) { return M.rows(); }, W);
  for (Index k = 0; k < kb; ++k) {
    cplx* row = out + k * q;
    const bool finite = std::all_of(row, row + q, [](cplx v) {
      return std::isfinite(v.real()) && std::isfinite(v.imag());
    });
    if (!finite) {
      std::fill(row, row + q, cplx(0.0));
      status[k] = {true, std::numeric_limits<double>::infinity()};
    }
  }
}

}  // namespace specsweep::detail
