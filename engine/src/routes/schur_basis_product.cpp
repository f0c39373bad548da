#include "schur_basis_product.hpp"

#include "specsweep/linalg/lapack.hpp"

namespace specsweep::detail {

void basis_times_shift_major(const std::variant<MatrixXd, MatrixXcd>& W, const MatrixXcd& Yt,
                             cplx* out) {
  const Index kb = Yt.rows(), n = Yt.cols();
  if (const auto* Wr = std::get_if<MatrixXd>(&W)) {
    const Index q = Wr->rows();
    // Xt (kb x q complex) = Yt W^T, as the real (2kb x n)(n x q) product; then transpose.
    MatrixXcd Xt(kb, q);
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

}  // namespace specsweep::detail
