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
/// How the BLAS linked at run time runs its threads. Read once from OpenBLAS's own
/// openblas_get_parallel() when that symbol exists (an optional, weak reference: any BLAS links).
enum class BlasThreading {
  Sequential,   ///< one thread per call (OpenBLAS serial, or a BLAS that does not say: reference)
  PerCall,      ///< OpenMP build: a call uses the calling thread's OpenMP thread count, and a call
                ///< made inside an OpenMP parallel region runs on one thread
  ProcessWide,  ///< pthreads build: one process-wide pool, which specsweep never resizes
};
BlasThreading blas_threading();
const char* to_string(BlasThreading t);

/// Threads a parallel region of `requested` threads may use when each of its threads calls BLAS.
/// With a process-wide BLAS pool (which specsweep never resizes) that would oversubscribe the
/// cores, so such regions run on one thread and leave the parallelism to the BLAS pool.
int threads_for_blas_region(int requested);

/// BLAS calls made by this thread within the scope use at most n threads (PerCall BLAS: the
/// calling thread's OpenMP nthreads value, which is thread-local, set and restored). With any
/// other BLAS it does nothing: specsweep never changes process-wide state.
class BlasThreadScope {
 public:
  explicit BlasThreadScope(int n);
  ~BlasThreadScope();
  BlasThreadScope(const BlasThreadScope&) = delete;
  BlasThreadScope& operator=(const BlasThreadScope&) = delete;

 private:
  int saved_ = 0;  // 0: nothing to restore
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

// ---- generalised Schur form (pencils) -------------------------------------------------------
/// Generalised real Schur form of the pencil (E, A) (dgges3, no reordering): E = Q S Z^T and
/// A = Q T Z^T with Q, Z orthogonal, S quasi-upper-triangular (2x2 blocks for complex pairs) and
/// T upper triangular; E is overwritten by S and A by T. The generalised eigenvalues are
/// alpha_j / beta_j, the roots of det(E - lambda A) = 0; beta_j = 0 is an infinite one (A
/// singular). Cost about 66 n^3 flops. dgges3 rather than dgges: the same backward-stable QZ,
/// with the blocked Hessenberg-triangular reduction (dgghd3) and the multishift QZ with
/// aggressive early deflation (dlaqz0): n = 500, single thread, 1.15 -> 0.40 s on a random
/// pencil and 0.73 -> 0.40 s with half of E's rows zero. Returns info (> 0: QZ failed).
int gges(MatrixXd& E, MatrixXd& A, MatrixXd& Q, MatrixXd& Z, VectorXcd& alpha, VectorXd& beta);
/// Complex generalised Schur form (zgges3): E = Q S Z^*, A = Q T Z^*, S and T upper triangular.
int gges(MatrixXcd& E, MatrixXcd& A, MatrixXcd& Q, MatrixXcd& Z, VectorXcd& alpha,
         VectorXcd& beta);
/// Hessenberg-triangular form of the pencil (E, A): on entry H = E and T = A; on exit
/// E = Q H Z^* and A = Q T Z^* with Q, Z unitary (real orthogonal for real input), H upper
/// Hessenberg and T upper triangular (QR of A, then dgghd3/zgghd3: the blocked form of dgghrd).
/// No iteration, so it cannot fail. Cost about 4/3 n^3 (QR) + 2 n^3 (Q) + 14 n^3 (reduction
/// with Q and Z) real flops, a fraction of gges's.
void gghd3(MatrixXd& H, MatrixXd& T, MatrixXd& Q, MatrixXd& Z);
void gghd3(MatrixXcd& H, MatrixXcd& T, MatrixXcd& Q, MatrixXcd& Z);
/// Sylvester equation A X - X B = scale C (trsyl, isgn = -1) for upper quasi-triangular real
/// Schur factors A (m x m) and B (k x k), or upper triangular complex ones; C (m x k) is
/// overwritten by X, scale in (0, 1] is chosen to avoid overflow. Raw column-major views (the
/// blocks are submatrices of one Schur factor). Returns info (1: A and B have close or equal
/// eigenvalues and were perturbed to solve it). Cost O(m k (m + k)).
int trsyl(Index m, Index k, const double* A, Index lda, const double* B, Index ldb, double* C,
          Index ldc, double& scale);
int trsyl(Index m, Index k, const cplx* A, Index lda, const cplx* B, Index ldb, cplx* C,
          Index ldc, double& scale);
/// Moves the diagonal block of the Schur factor T starting at row first (0-based) to row last
/// by an orthogonal (unitary) similarity T <- Z^* T Z, and Q <- Q Z (trexc, Q n x n, any
/// matrix). Real T: first and last are updated to the block starts LAPACK used (a 2x2 block
/// may start one row earlier). Returns info (1: a swap was rejected as too ill-conditioned,
/// T and Q then hold the partial reordering). Cost O(n |first - last|).
int trexc(MatrixXd& T, MatrixXd& Q, Index& first, Index& last);
int trexc(MatrixXcd& T, MatrixXcd& Q, Index& first, Index& last);

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
