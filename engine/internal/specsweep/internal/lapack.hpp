#pragma once
// The one typed wrapper layer over LAPACK(E) and CBLAS. Nobody else spells zgees_ or
// cblas_zgemm. Every routine takes Eigen column-major storage and throws Error on an illegal
// argument; numerical outcomes (info > 0) are returned, not thrown.
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::linalg {

// ---- BLAS level 3 --------------------------------------------------------------------------
enum class Op { N, T, C };  // none, transpose, conjugate transpose

/// C = alpha op(A) op(B) + beta C on raw column-major storage (the sweep kernels need views).
void gemm(Op ta, Op tb, Index m, Index n, Index k, double alpha, const double* A, Index lda,
          const double* B, Index ldb, double beta, double* C, Index ldc);
void gemm(Op ta, Op tb, Index m, Index n, Index k, cplx alpha, const cplx* A, Index lda,
          const cplx* B, Index ldb, cplx beta, cplx* C, Index ldc);

// ---- threads --------------------------------------------------------------------------------
int blas_threads();
void set_blas_threads(int n);
/// Sets the BLAS thread count for a scope and restores it after: one level of parallelism.
class ScopedBlasThreads {
 public:
  explicit ScopedBlasThreads(int n);
  ~ScopedBlasThreads();
  ScopedBlasThreads(const ScopedBlasThreads&) = delete;
  ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;

 private:
  int saved_;
};

// ---- LU -------------------------------------------------------------------------------------
/// In-place LU with partial pivoting (getrf). Returns info (>0: exactly singular U(info,info)).
int getrf(MatrixXd& A, std::vector<int>& ipiv);
int getrf(MatrixXcd& A, std::vector<int>& ipiv);
/// Solves with the getrf factors, B overwritten (getrs).
void getrs(const MatrixXd& LU, const std::vector<int>& ipiv, MatrixXd& B, Op op = Op::N);
void getrs(const MatrixXcd& LU, const std::vector<int>& ipiv, MatrixXcd& B, Op op = Op::N);
/// Reciprocal 1-norm condition estimate from getrf factors (gecon); anorm = ||A||_1.
double gecon(const MatrixXd& LU, double anorm);
double gecon(const MatrixXcd& LU, double anorm);

// ---- Schur and Hessenberg ------------------------------------------------------------------
/// Real Schur form A = Q T Q^T (dgees), T quasi-upper-triangular; A overwritten by T.
/// Returns info (>0: QR iteration failed). wr/wi receive the eigenvalues.
int gees(MatrixXd& A, MatrixXd& Q, VectorXcd& eigenvalues);
/// Complex Schur form A = Q T Q^* (zgees), T upper triangular; A overwritten by T.
int gees(MatrixXcd& A, MatrixXcd& Q, VectorXcd& eigenvalues);
/// Hessenberg reduction A = Q H Q^* (gehrd + orghr/unghr); A overwritten by H (below the
/// subdiagonal zeroed).
void gehrd(MatrixXd& A, MatrixXd& Q);
void gehrd(MatrixXcd& A, MatrixXcd& Q);

// ---- eigenproblems --------------------------------------------------------------------------
/// General eigendecomposition A = V diag(w) V^-1 (geev, right vectors). A is destroyed.
/// Real A: complex conjugate pairs are expanded into complex V.
int geev(MatrixXd& A, VectorXcd& w, MatrixXcd& V);
int geev(MatrixXcd& A, VectorXcd& w, MatrixXcd& V);
/// Symmetric / Hermitian eigendecomposition (syevd / heevd): A overwritten by eigenvectors,
/// eigenvalues ascending.
int syevd(MatrixXd& A, VectorXd& w);
int heevd(MatrixXcd& A, VectorXd& w);
/// Symmetric tridiagonal eigendecomposition (stevd): d diagonal (n), e off-diagonal (n-1);
/// d overwritten by ascending eigenvalues, Z by eigenvectors.
int stevd(VectorXd& d, VectorXd& e, MatrixXd& Z);
/// Right eigenvectors of an upper (quasi-)triangular Schur factor T (trevc), normalised to
/// unit 2-norm. Real T: complex pairs expanded.
int trevc(const MatrixXd& T, MatrixXcd& X);
int trevc(const MatrixXcd& T, MatrixXcd& X);

// ---- Cholesky and triangular ------------------------------------------------------------------
/// Lower Cholesky A = L L^T in place (potrf). Returns info (>0: not positive definite).
int potrf(MatrixXd& A);
/// B = op(L)^-1 B for lower-triangular L (trsm, left side).
void trsm_lower(const MatrixXd& L, MatrixXd& B, Op op);
/// Reciprocal 1-norm condition estimate of a lower-triangular matrix (trcon).
double trcon_lower(const MatrixXd& L);

}  // namespace specsweep::linalg
