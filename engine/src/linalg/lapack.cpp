// Typed wrappers over LAPACKE and the Fortran BLAS. Workspace queries are left to LAPACKE's
// high-level interface; all storage is column-major. BLAS is called through its Fortran symbols
// (dgemm_, ...), which every BLAS exports, so no CBLAS is needed: any BLAS/LAPACK links.
#include "specsweep/internal/lapack.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <complex>
#include <cstddef>
#include <vector>
#define lapack_complex_float std::complex<float>
#define lapack_complex_double std::complex<double>
#include <lapacke.h>

#include "specsweep/error.hpp"

extern "C" {
// Fortran BLAS (column-major, arguments by reference). The trailing size_t are the hidden
// lengths of the character arguments that gfortran-built BLAS expects (all 1); a C BLAS such
// as OpenBLAS ignores them.
void dgemm_(const char*, const char*, const int*, const int*, const int*, const double*,
            const double*, const int*, const double*, const int*, const double*, double*,
            const int*, size_t, size_t);
void zgemm_(const char*, const char*, const int*, const int*, const int*,
            const std::complex<double>*, const std::complex<double>*, const int*,
            const std::complex<double>*, const int*, const std::complex<double>*,
            std::complex<double>*, const int*, size_t, size_t);
void dtrsm_(const char*, const char*, const char*, const char*, const int*, const int*,
            const double*, const double*, const int*, double*, const int*, size_t, size_t,
            size_t, size_t);
// Blocked Hessenberg-triangular reduction (LAPACK >= 3.6; LAPACKE has no wrapper for it).
void dgghd3_(const char*, const char*, const int*, const int*, const int*, double*, const int*,
             double*, const int*, double*, const int*, double*, const int*, double*, const int*,
             int*, size_t, size_t);
void zgghd3_(const char*, const char*, const int*, const int*, const int*, std::complex<double>*,
             const int*, std::complex<double>*, const int*, std::complex<double>*, const int*,
             std::complex<double>*, const int*, std::complex<double>*, const int*, int*, size_t,
             size_t);
// OpenBLAS only, and optional: 0 sequential, 1 pthreads, 2 OpenMP. Null with any other BLAS.
int openblas_get_parallel() __attribute__((weak));
}

namespace specsweep::linalg {
namespace {

char lapack_op(Op op) { return op == Op::N ? 'N' : (op == Op::T ? 'T' : 'C'); }

lapack_int li(Index v) { return static_cast<lapack_int>(v); }
lapack_int ld(Index rows) { return static_cast<lapack_int>(std::max<Index>(1, rows)); }

// info < 0 is a programming error (illegal argument); info > 0 is a numerical outcome.
int checked(const char* routine, lapack_int info) {
  if (info < 0) throw Error(fmt::format("{}: illegal value in argument {}", routine, -info), ErrorKind::Internal);
  return static_cast<int>(info);
}

}  // namespace

void gemm(Op ta, Op tb, Index m, Index n, Index k, double alpha, const double* A, Index lda,
          const double* B, Index ldb, double beta, double* C, Index ldc) {
  if (m == 0 || n == 0) return;
  const char a = lapack_op(ta), b = lapack_op(tb);
  const int mi = li(m), ni = li(n), ki = li(k), la = ld(lda), lb = ld(ldb), lc = ld(ldc);
  dgemm_(&a, &b, &mi, &ni, &ki, &alpha, A, &la, B, &lb, &beta, C, &lc, 1, 1);
}

void gemm(Op ta, Op tb, Index m, Index n, Index k, cplx alpha, const cplx* A, Index lda,
          const cplx* B, Index ldb, cplx beta, cplx* C, Index ldc) {
  if (m == 0 || n == 0) return;
  const char a = lapack_op(ta), b = lapack_op(tb);
  const int mi = li(m), ni = li(n), ki = li(k), la = ld(lda), lb = ld(ldb), lc = ld(ldc);
  zgemm_(&a, &b, &mi, &ni, &ki, &alpha, A, &la, B, &lb, &beta, C, &lc, 1, 1);
}

BlasThreading blas_threading() {
  static const BlasThreading kind = [] {
    if (!openblas_get_parallel) return BlasThreading::Sequential;
    switch (openblas_get_parallel()) {
      case 1: return BlasThreading::ProcessWide;
      case 2: return BlasThreading::PerCall;
      default: return BlasThreading::Sequential;
    }
  }();
  return kind;
}

const char* to_string(BlasThreading t) {
  switch (t) {
    case BlasThreading::Sequential: return "sequential";
    case BlasThreading::PerCall: return "per-call (OpenMP)";
    case BlasThreading::ProcessWide: return "process-wide pool (pthreads)";
  }
  return "unknown";
}

int threads_for_blas_region(int requested) {
  return blas_threading() == BlasThreading::ProcessWide ? 1 : std::max(1, requested);
}

// omp_set_num_threads changes the nthreads value of the calling thread's own data environment
// only, so two threads holding scopes at once do not see each other's values; OpenBLAS's
// OpenMP build reads that value on every call.
BlasThreadScope::BlasThreadScope(int n) {
  if (blas_threading() != BlasThreading::PerCall || omp_in_parallel()) return;
  const int now = omp_get_max_threads();
  n = std::max(1, n);
  if (n == now) return;
  saved_ = now;
  omp_set_num_threads(n);
}
BlasThreadScope::~BlasThreadScope() {
  if (saved_ > 0) omp_set_num_threads(saved_);
}

int getrf(MatrixXd& A, std::vector<int>& ipiv) {
  ipiv.assign(static_cast<size_t>(std::max<Index>(1, std::min(A.rows(), A.cols()))), 0);
  return checked("dgetrf", LAPACKE_dgetrf(LAPACK_COL_MAJOR, li(A.rows()), li(A.cols()),
                                          A.data(), ld(A.rows()), ipiv.data()));
}
int getrf(MatrixXcd& A, std::vector<int>& ipiv) {
  ipiv.assign(static_cast<size_t>(std::max<Index>(1, std::min(A.rows(), A.cols()))), 0);
  return checked("zgetrf", LAPACKE_zgetrf(LAPACK_COL_MAJOR, li(A.rows()), li(A.cols()),
                                          A.data(), ld(A.rows()), ipiv.data()));
}
void getrs(const MatrixXd& LU, const std::vector<int>& ipiv, MatrixXd& B, Op op) {
  checked("dgetrs", LAPACKE_dgetrs(LAPACK_COL_MAJOR, lapack_op(op), li(LU.rows()),
                                   li(B.cols()), LU.data(), ld(LU.rows()), ipiv.data(),
                                   B.data(), ld(B.rows())));
}
void getrs(const MatrixXcd& LU, const std::vector<int>& ipiv, MatrixXcd& B, Op op) {
  checked("zgetrs", LAPACKE_zgetrs(LAPACK_COL_MAJOR, lapack_op(op), li(LU.rows()),
                                   li(B.cols()), LU.data(), ld(LU.rows()), ipiv.data(),
                                   B.data(), ld(B.rows())));
}
double gecon(const MatrixXd& LU, double anorm) {
  double rcond = 0;
  checked("dgecon", LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', li(LU.rows()), LU.data(),
                                   ld(LU.rows()), anorm, &rcond));
  return rcond;
}
double gecon(const MatrixXcd& LU, double anorm) {
  double rcond = 0;
  checked("zgecon", LAPACKE_zgecon(LAPACK_COL_MAJOR, '1', li(LU.rows()), LU.data(),
                                   ld(LU.rows()), anorm, &rcond));
  return rcond;
}

int gees(MatrixXd& A, MatrixXd& Q, VectorXcd& eigenvalues) {
  const Index n = A.rows();
  Q.resize(n, n);
  VectorXd wr(n), wi(n);
  lapack_int sdim = 0;
  int info = checked("dgees", LAPACKE_dgees(LAPACK_COL_MAJOR, 'V', 'N', nullptr, li(n), A.data(),
                                            ld(n), &sdim, wr.data(), wi.data(), Q.data(), ld(n)));
  eigenvalues.resize(n);
  for (Index i = 0; i < n; ++i) eigenvalues[i] = cplx(wr[i], wi[i]);
  return info;
}
int gees(MatrixXcd& A, MatrixXcd& Q, VectorXcd& eigenvalues) {
  const Index n = A.rows();
  Q.resize(n, n);
  eigenvalues.resize(n);
  lapack_int sdim = 0;
  return checked("zgees", LAPACKE_zgees(LAPACK_COL_MAJOR, 'V', 'N', nullptr, li(n), A.data(),
                                        ld(n), &sdim, eigenvalues.data(), Q.data(), ld(n)));
}

int gges(MatrixXd& E, MatrixXd& A, MatrixXd& Q, MatrixXd& Z, VectorXcd& alpha, VectorXd& beta) {
  const Index n = E.rows();
  Q.resize(n, n);
  Z.resize(n, n);
  VectorXd ar(n), ai(n);
  beta.resize(n);
  lapack_int sdim = 0;
  const int info = checked(
      "dgges3", LAPACKE_dgges3(LAPACK_COL_MAJOR, 'V', 'V', 'N', nullptr, li(n), E.data(), ld(n),
                             A.data(), ld(n), &sdim, ar.data(), ai.data(), beta.data(), Q.data(),
                             ld(n), Z.data(), ld(n)));
  alpha.resize(n);
  for (Index i = 0; i < n; ++i) alpha[i] = cplx(ar[i], ai[i]);
  return info;
}
int gges(MatrixXcd& E, MatrixXcd& A, MatrixXcd& Q, MatrixXcd& Z, VectorXcd& alpha,
         VectorXcd& beta) {
  const Index n = E.rows();
  Q.resize(n, n);
  Z.resize(n, n);
  alpha.resize(n);
  beta.resize(n);
  lapack_int sdim = 0;
  return checked("zgges3", LAPACKE_zgges3(LAPACK_COL_MAJOR, 'V', 'V', 'N', nullptr, li(n), E.data(),
                                        ld(n), A.data(), ld(n), &sdim, alpha.data(), beta.data(),
                                        Q.data(), ld(n), Z.data(), ld(n)));
}

// The _work entry points skip LAPACKE's NaN scan of the whole matrix on every call: trsyl and
// trexc run many times on one Schur factor during block diagonalisation.
int trsyl(Index m, Index k, const double* A, Index lda, const double* B, Index ldb, double* C,
          Index ldc, double& scale) {
  if (m == 0 || k == 0) return scale = 1.0, 0;
  return checked("dtrsyl", LAPACKE_dtrsyl_work(LAPACK_COL_MAJOR, 'N', 'N', -1, li(m), li(k), A,
                                               ld(lda), B, ld(ldb), C, ld(ldc), &scale));
}
int trsyl(Index m, Index k, const cplx* A, Index lda, const cplx* B, Index ldb, cplx* C,
          Index ldc, double& scale) {
  if (m == 0 || k == 0) return scale = 1.0, 0;
  return checked("ztrsyl", LAPACKE_ztrsyl_work(LAPACK_COL_MAJOR, 'N', 'N', -1, li(m), li(k), A,
                                               ld(lda), B, ld(ldb), C, ld(ldc), &scale));
}

int trexc(MatrixXd& T, MatrixXd& Q, Index& first, Index& last) {
  const Index n = T.rows();
  std::vector<double> work(static_cast<size_t>(std::max<Index>(1, n)));
  lapack_int ifst = li(first + 1), ilst = li(last + 1);
  const int info = checked("dtrexc", LAPACKE_dtrexc_work(LAPACK_COL_MAJOR, 'V', li(n), T.data(),
                                                         ld(n), Q.data(), ld(Q.rows()), &ifst,
                                                         &ilst, work.data()));
  first = ifst - 1;
  last = ilst - 1;
  return info;
}
int trexc(MatrixXcd& T, MatrixXcd& Q, Index& first, Index& last) {
  const Index n = T.rows();
  return checked("ztrexc", LAPACKE_ztrexc_work(LAPACK_COL_MAJOR, 'V', li(n), T.data(), ld(n),
                                               Q.data(), ld(Q.rows()), li(first + 1),
                                               li(last + 1)));
}

void gehrd(MatrixXd& A, MatrixXd& Q) {
  const Index n = A.rows();
  VectorXd tau(std::max<Index>(1, n - 1));
  checked("dgehrd",
          LAPACKE_dgehrd(LAPACK_COL_MAJOR, li(n), 1, li(n), A.data(), ld(n), tau.data()));
  Q = A;
  checked("dorghr",
          LAPACKE_dorghr(LAPACK_COL_MAJOR, li(n), 1, li(n), Q.data(), ld(n), tau.data()));
  for (Index j = 0; j < n; ++j)
    for (Index i = j + 2; i < n; ++i) A(i, j) = 0.0;
}
void gehrd(MatrixXcd& A, MatrixXcd& Q) {
  const Index n = A.rows();
  VectorXcd tau(std::max<Index>(1, n - 1));
  checked("zgehrd",
          LAPACKE_zgehrd(LAPACK_COL_MAJOR, li(n), 1, li(n), A.data(), ld(n), tau.data()));
  Q = A;
  checked("zunghr",
          LAPACKE_zunghr(LAPACK_COL_MAJOR, li(n), 1, li(n), Q.data(), ld(n), tau.data()));
  for (Index j = 0; j < n; ++j)
    for (Index i = j + 2; i < n; ++i) A(i, j) = 0.0;
}

namespace {
// QR of T (T = Q R, Q explicit), H <- Q^* H, then gghd3 with Q accumulated and Z from I.
template <class Mat, class Geqrf, class Orgqr, class Gghd3>
void hessenberg_triangular(Mat& H, Mat& T, Mat& Q, Mat& Z, Geqrf geqrf, Orgqr orgqr,
                           Gghd3 gghd3, const char* qr_name, const char* q_name) {
  using Scalar = typename Mat::Scalar;
  const Index n = H.rows();
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> tau(std::max<Index>(1, n));
  checked(qr_name, geqrf(LAPACK_COL_MAJOR, li(n), li(n), T.data(), ld(n), tau.data()));
  Q = T;
  checked(q_name, orgqr(LAPACK_COL_MAJOR, li(n), li(n), li(n), Q.data(), ld(n), tau.data()));
  for (Index j = 0; j < n; ++j)
    for (Index i = j + 1; i < n; ++i) T(i, j) = Scalar(0);
  H = (Q.adjoint() * H).eval();
  Z.resize(n, n);
  const char compq = 'V', compz = 'I';
  const int ni = li(n), one = 1, lda = ld(n);
  int info = 0, lwork = -1;
  Scalar query = 0;
  gghd3(&compq, &compz, &ni, &one, &ni, H.data(), &lda, T.data(), &lda, Q.data(), &lda, Z.data(),
        &lda, &query, &lwork, &info, 1, 1);
  checked("gghd3 (workspace query)", info);
  lwork = std::max(1, static_cast<int>(std::real(query)));
  std::vector<Scalar> work(static_cast<size_t>(lwork));
  gghd3(&compq, &compz, &ni, &one, &ni, H.data(), &lda, T.data(), &lda, Q.data(), &lda, Z.data(),
        &lda, work.data(), &lwork, &info, 1, 1);
  checked("gghd3", info);
  for (Index j = 0; j < n; ++j)
    for (Index i = j + 2; i < n; ++i) H(i, j) = Scalar(0);
}
}  // namespace

void gghd3(MatrixXd& H, MatrixXd& T, MatrixXd& Q, MatrixXd& Z) {
  hessenberg_triangular(H, T, Q, Z, LAPACKE_dgeqrf, LAPACKE_dorgqr, dgghd3_, "dgeqrf", "dorgqr");
}
void gghd3(MatrixXcd& H, MatrixXcd& T, MatrixXcd& Q, MatrixXcd& Z) {
  hessenberg_triangular(H, T, Q, Z, LAPACKE_zgeqrf, LAPACKE_zungqr, zgghd3_, "zgeqrf", "zungqr");
}

int geev(MatrixXd& A, VectorXcd& w, MatrixXcd& V) {
  const Index n = A.rows();
  VectorXd wr(n), wi(n);
  MatrixXd VR(n, n);
  int info = checked("dgeev", LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', 'V', li(n), A.data(), ld(n),
                                            wr.data(), wi.data(), nullptr, 1, VR.data(), ld(n)));
  w.resize(n);
  V.resize(n, n);
  for (Index j = 0; j < n; ++j) {
    w[j] = cplx(wr[j], wi[j]);
    if (wi[j] != 0.0 && j + 1 < n) {  // conjugate pair stored as (re, im) columns
      w[j + 1] = cplx(wr[j + 1], wi[j + 1]);
      for (Index i = 0; i < n; ++i) {
        V(i, j) = cplx(VR(i, j), VR(i, j + 1));
        V(i, j + 1) = cplx(VR(i, j), -VR(i, j + 1));
      }
      ++j;
    } else {
      for (Index i = 0; i < n; ++i) V(i, j) = VR(i, j);
    }
  }
  return info;
}
int geev(MatrixXcd& A, VectorXcd& w, MatrixXcd& V) {
  const Index n = A.rows();
  w.resize(n);
  V.resize(n, n);
  return checked("zgeev", LAPACKE_zgeev(LAPACK_COL_MAJOR, 'N', 'V', li(n), A.data(), ld(n),
                                        w.data(), nullptr, 1, V.data(), ld(n)));
}

int syevd(MatrixXd& A, VectorXd& w) {
  w.resize(A.rows());
  return checked("dsyevd", LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'L', li(A.rows()), A.data(),
                                          ld(A.rows()), w.data()));
}
int heevd(MatrixXcd& A, VectorXd& w) {
  w.resize(A.rows());
  return checked("zheevd", LAPACKE_zheevd(LAPACK_COL_MAJOR, 'V', 'L', li(A.rows()), A.data(),
                                          ld(A.rows()), w.data()));
}
int stevd(VectorXd& d, VectorXd& e, MatrixXd& Z) {
  const Index n = d.size();
  Z.resize(n, n);
  VectorXd e_work(std::max<Index>(1, n));
  for (Index i = 0; i + 1 < n; ++i) e_work[i] = e[i];
  return checked("dstevd", LAPACKE_dstevd(LAPACK_COL_MAJOR, 'V', li(n), d.data(), e_work.data(),
                                          Z.data(), ld(n)));
}

int trevc(const MatrixXd& T, MatrixXcd& X) {
  const Index n = T.rows();
  MatrixXd Tw = T, VR(n, n);
  lapack_int m = 0;
  int info = checked("dtrevc", LAPACKE_dtrevc(LAPACK_COL_MAJOR, 'R', 'A', nullptr, li(n),
                                              Tw.data(), ld(n), nullptr, 1, VR.data(), ld(n),
                                              li(n), &m));
  X.resize(n, n);
  for (Index j = 0; j < n; ++j) {
    const bool pair = j + 1 < n && T(j + 1, j) != 0.0;
    if (pair) {
      for (Index i = 0; i < n; ++i) {
        X(i, j) = cplx(VR(i, j), VR(i, j + 1));
        X(i, j + 1) = cplx(VR(i, j), -VR(i, j + 1));
      }
      ++j;
    } else {
      for (Index i = 0; i < n; ++i) X(i, j) = VR(i, j);
    }
  }
  for (Index j = 0; j < n; ++j) {
    const double nrm = X.col(j).norm();
    if (nrm > 0) X.col(j) /= nrm;
  }
  return info;
}
int trevc(const MatrixXcd& T, MatrixXcd& X) {
  const Index n = T.rows();
  MatrixXcd Tw = T;
  X.resize(n, n);
  lapack_int m = 0;
  int info = checked("ztrevc", LAPACKE_ztrevc(LAPACK_COL_MAJOR, 'R', 'A', nullptr, li(n),
                                              Tw.data(), ld(n), nullptr, 1, X.data(), ld(n),
                                              li(n), &m));
  for (Index j = 0; j < n; ++j) {
    const double nrm = X.col(j).norm();
    if (nrm > 0) X.col(j) /= nrm;
  }
  return info;
}

int potrf(MatrixXd& A) {
  int info = checked("dpotrf", LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', li(A.rows()), A.data(),
                                              ld(A.rows())));
  A.triangularView<Eigen::StrictlyUpper>().setZero();
  return info;
}

void trsm_lower(const MatrixXd& L, MatrixXd& B, Op op) {
  if (B.size() == 0) return;
  const char side = 'L', uplo = 'L', trans = lapack_op(op), diag = 'N';
  const int m = li(B.rows()), n = li(B.cols()), lda = ld(L.rows()), ldb = ld(B.rows());
  const double one = 1.0;
  dtrsm_(&side, &uplo, &trans, &diag, &m, &n, &one, L.data(), &lda, B.data(), &ldb, 1, 1, 1, 1);
}

double trcon_lower(const MatrixXd& L) {
  double rcond = 0;
  checked("dtrcon", LAPACKE_dtrcon(LAPACK_COL_MAJOR, '1', 'L', 'N', li(L.rows()), L.data(),
                                   ld(L.rows()), &rcond));
  return rcond;
}

}  // namespace specsweep::linalg
