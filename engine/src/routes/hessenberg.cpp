// Hessenberg route: A = Q H Q^* (gehrd + orghr/unghr, about 10/3 n^3 flops: the cheapest
// factorisation), then for each shift (I - sH) y = c by Henry's method and x = Q y (or C Q y).
// The shifted standard form of a pencil (E, c I) is the same with E = Q H Q^* and
// M = H - s c I per shift: M = alpha I + beta H (ShiftForm), which the kernel takes per lane.
// A general pencil (E, A) takes its Hessenberg-triangular form E = Q H Z^*, A = Q T Z^* (QR of A
// and gghd3, about 17 n^3 flops against QZ's 66 n^3: the pencil's cheapest factorisation) and
// M = H - s T = alpha T + beta H per shift: the same kernel with T in place of I, which adds the
// terms alpha T(j, k-1) to the column it rotates (about 1.5x the flops of the P = I solve).
//
// Henry's method (Henry 1994, as in Julia's UpperHessenberg ldiv! and ControlSystems.jl) is an
// RQ factorisation of M = alpha I + beta H by Givens rotations from the right, eliminating the
// subdiagonal bottom-up while back-substituting R z = c on the fly, then y = (rotations) z. It
// is backward stable without pivoting, so its control flow does not depend on the data: a
// group of kGroup shifts runs in lock step, one SIMD lane per shift, reading H once per group.
// The rotations depend only on the shift, so with several right-hand sides they are computed
// once and applied to every right-hand side of the group (triangular_sweep.hpp: the chunking,
// workspace, tiny pivots and condition flags this route shares with the Schur route).
// Accuracy: backward stable, relative error O(n eps cond(I - sA)); tests hold it to
// 100 eps cond(I - sA). Cost per shift ~ 10 n^2 real flops for the solve plus the x = Q y GEMM;
// each further right-hand side adds about half of the solve's (it shares the rotations and u).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "modal_sweep.hpp"
#include "simd_clones.hpp"
#include "specsweep/internal/lapack.hpp"
#include "triangular_sweep.hpp"

namespace specsweep::detail {
namespace {

// Shifts solved in lock step. Lanes are stored contiguously (structure of arrays, re and im
// apart) so every inner loop is a fixed-length, branch-free loop the compiler vectorises.
constexpr Index kGroup = 16;
using Lanes = std::array<double, kGroup>;

template <class Scalar>
struct HessenbergFactor {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  Mat H, Q;
  Mat T, Z;          ///< the pencil's Hessenberg-triangular form only (else empty: P = I, Z = Q)
  double norm2 = 0;  ///< lower estimate of ||H||_2
  ShiftForm form;    ///< which M(s) per shift: I - sH, H - s c I, or H - s T
  bool triangular_p() const { return T.size() > 0; }
};

double re(double v) { return v; }
double im(double) { return 0.0; }
double re(cplx v) { return v.real(); }
double im(cplx v) { return v.imag(); }

// Workspace for one group of kGroup shifts and m right-hand sides, carved out of the route's
// reused scratch. Each row holds kGroup lanes: unknown j of right-hand side r at (j m + r) kGroup
// in x, row j at j kGroup in u and in the rotations.
struct GroupWork {
  GroupWork(std::vector<cplx>& scratch, Index n, Index m) {
    const Index G = kGroup, doubles = G * (2 * n * m + 5 * n + 8 * m);
    double* p = reinterpret_cast<double*>(grow_to(scratch, (doubles + 1) / 2));
    auto take = [&](Index count) {
      double* q = p;
      p += count;
      return q;
    };
    xr = take(G * n * m), xi = take(G * n * m);
    ur = take(G * n), ui = take(G * n);
    c = take(G * n), snr = take(G * n), sni = take(G * n);
    t1r = take(G * m), t1i = take(G * m), t2r = take(G * m), t2i = take(G * m);
    st1r = take(G * m), st1i = take(G * m);
    at1r = take(G * m), at1i = take(G * m);
  }
  double *xr, *xi;                              ///< right-hand sides, overwritten by z then y
  double *ur, *ui;                              ///< the rotated last column of M (Henry's u)
  double *c, *snr, *sni;                        ///< rotation k: [c sn; -conj(sn) c], c real
  double *t1r, *t1i, *t2r, *t2i, *st1r, *st1i;  ///< per right-hand side r at r kGroup
  double *at1r, *at1i;                          ///< alpha t1 (P = T only)
};

// Solves (alpha_g P - s_g H) y_{g,r} = c_r for the lanes g < kGroup, s_g = -beta_g, P = I or,
// with kTri, the upper triangular *T (the standard form: alpha = 1, s the shift; idle lanes
// carry alpha = 1, s = 0 and are discarded) and
// the m right-hand sides c_r (columns of rhs, n x m). The rotations and u depend only on s_g: they
// are computed once per group, the right-hand sides follow them. Result in w.xr/w.xi; pivots into
// pmax/pmin/pzero for the gn live lanes. Every lane loop is branch-free over a fixed kGroup, on
// restrict pointers: one SIMD lane per shift (AVX2 + FMA where the machine has it:
// SPECSWEEP_SIMD_CLONES). The loop for r = 0 is fused with the update of u, as for a single
// right-hand side; the others run before it, while u still holds its old value.
template <class Scalar, bool kTri>
SPECSWEEP_SIMD_CLONES void henry_solve_group(
    const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& H,
    const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>* T, const Lanes& a_re,
    const Lanes& a_im, const Lanes& s_re, const Lanes& s_im, const cplx* rhs, Index m, double tiny,
    const GroupWork& w, double* pmax, double* pmin, double* pzero, Index gn) {
  const Index n = H.rows();
  constexpr bool kReal = std::is_same_v<Scalar, double>;
  constexpr Index G = kGroup;
  const double* __restrict ar = a_re.data();
  const double* __restrict ai = a_im.data();
  const double* __restrict sr = s_re.data();
  const double* __restrict si = s_im.data();
  alignas(64) double dmax[G], dmin[G], sing[G];
  for (Index g = 0; g < G; ++g) {
    dmax[g] = 0;
    dmin[g] = std::numeric_limits<double>::infinity();
    sing[g] = 0;
  }

  for (Index j = 0; j < n; ++j) {
    const double hr = re(H(j, n - 1)), hi = im(H(j, n - 1));
    // P(j, n-1): the identity's, or T's
    const double pr = kTri ? re((*T)(j, n - 1)) : (j == n - 1 ? 1.0 : 0.0);
    const double pi = kTri ? im((*T)(j, n - 1)) : 0.0;
    double* __restrict ur = w.ur + j * G;
    double* __restrict ui = w.ui + j * G;
#pragma omp simd
    for (Index g = 0; g < G; ++g) {
      // u = M(:, n-1) = alpha P(:, n-1) - s H(:, n-1)
      ur[g] = (ar[g] * pr - ai[g] * pi) - (sr[g] * hr - si[g] * hi);
      ui[g] = (ar[g] * pi + ai[g] * pr) - (sr[g] * hi + si[g] * hr);
    }
    for (Index r = 0; r < m; ++r) {
      const double br = rhs[r * n + j].real(), bi = rhs[r * n + j].imag();
      double* __restrict xr = w.xr + (j * m + r) * G;
      double* __restrict xi = w.xi + (j * m + r) * G;
      for (Index g = 0; g < G; ++g) {
        xr[g] = br;
        xi[g] = bi;
      }
    }
  }

  alignas(64) double phr[G], phi[G], rinv[G], scr[G], sci[G], acr[G], aci[G];
  for (Index k = n - 1; k >= 1; --k) {
    const double hsr = re(H(k, k - 1)), hsi = im(H(k, k - 1));
    const double hkr = re(H(k - 1, k - 1)), hki = im(H(k - 1, k - 1));
    {
      const double* __restrict ur = w.ur + k * G;
      const double* __restrict ui = w.ui + k * G;
      double* __restrict c_k = w.c + k * G;
      double* __restrict snr_k = w.snr + k * G;
      double* __restrict sni_k = w.sni + k * G;
#pragma omp simd
      for (Index g = 0; g < G; ++g) {
        // Rotation zeroing q = M(k, k-1) = -s H(k, k-1) against f = u_k (zlartg convention,
        // scaled so no square overflows): c f + sn q = rho, -conj(sn) f + c q = 0.
        const double fr = ur[g], fi = ui[g];
        const double qr = -(sr[g] * hsr - si[g] * hsi);
        const double qi = -(sr[g] * hsi + si[g] * hsr);
        const double scale = std::max(std::max(std::abs(fr), std::abs(fi)),
                                      std::max(std::abs(qr), std::abs(qi)));
        const double inv = scale > 0 ? 1.0 / scale : 0.0;
        const double fsr = fr * inv, fsi = fi * inv, qsr = qr * inv, qsi = qi * inv;
        const double a = std::sqrt(fsr * fsr + fsi * fsi);
        const double r = std::sqrt(a * a + qsr * qsr + qsi * qsi);
        const double ainv = a > 0 ? 1.0 / a : 0.0;
        const double pr = a > 0 ? fsr * ainv : 1.0, pi = fsi * ainv;  // phase of f
        const double rinv_ = r > 0 ? 1.0 / r : 0.0;
        const double cc = r > 0 ? a * rinv_ : 1.0;
        // rho = phase r scale; |rho| is the pivot r_kk of M = R Q.
        const double rho = r * scale;
        dmax[g] = std::max(dmax[g], rho);
        dmin[g] = std::min(dmin[g], rho);
        sing[g] = rho == 0 ? 1.0 : sing[g];
        phr[g] = pr;
        phi[g] = pi;
        rinv[g] = 1.0 / (rho > 0 ? rho : tiny);  // exactly singular: finite, flagged
        c_k[g] = cc;
        snr_k[g] = (pr * qsr + pi * qsi) * rinv_;  // sn = phase conj(q) / r
        sni_k[g] = (pi * qsr - pr * qsi) * rinv_;
        scr[g] = sr[g] * cc;  // s c
        sci[g] = si[g] * cc;
        acr[g] = ar[g] * cc;  // alpha c (used with P = T only)
        aci[g] = ai[g] * cc;
      }
    }
    const double* __restrict snr = w.snr + k * G;
    const double* __restrict sni = w.sni + k * G;
    const double* __restrict cr = w.c + k * G;
    for (Index rr = 0; rr < m; ++rr) {
      double* __restrict xr = w.xr + (k * m + rr) * G;
      double* __restrict xi = w.xi + (k * m + rr) * G;
      double* __restrict t1r = w.t1r + rr * G;
      double* __restrict t1i = w.t1i + rr * G;
      double* __restrict t2r = w.t2r + rr * G;
      double* __restrict t2i = w.t2i + rr * G;
      double* __restrict st1r = w.st1r + rr * G;
      double* __restrict st1i = w.st1i + rr * G;
      double* __restrict at1r = w.at1r + rr * G;
      double* __restrict at1i = w.at1i + rr * G;
#pragma omp simd
      for (Index g = 0; g < G; ++g) {
        // z_k = x_k / rho = x_k conj(phase) / |rho|
        const double x_r = xr[g], x_i = xi[g];
        const double zr = (x_r * phr[g] + x_i * phi[g]) * rinv[g];
        const double zi = (x_i * phr[g] - x_r * phi[g]) * rinv[g];
        xr[g] = zr;
        xi[g] = zi;
        t1r[g] = snr[g] * zr - sni[g] * zi;  // t1 = sn z_k
        t1i[g] = snr[g] * zi + sni[g] * zr;
        t2r[g] = cr[g] * zr;  // t2 = c z_k
        t2i[g] = cr[g] * zi;
        st1r[g] = sr[g] * t1r[g] - si[g] * t1i[g];  // s t1
        st1i[g] = sr[g] * t1i[g] + si[g] * t1r[g];
        if constexpr (kTri) {
          at1r[g] = ar[g] * t1r[g] - ai[g] * t1i[g];  // alpha t1
          at1i[g] = ar[g] * t1i[g] + ai[g] * t1r[g];
        }
      }
    }
    // Rows above the diagonal: M(j, k-1) = alpha P(j, k-1) - s H(j, k-1), P(j, k-1) = 0 for
    // P = I. H's (and T's) column k-1 is read once per group.
    for (Index j = 0; j + 1 < k; ++j) {
      const double hr = re(H(j, k - 1)), hi = kReal ? 0.0 : im(H(j, k - 1));
      const double tr = kTri ? re((*T)(j, k - 1)) : 0.0;
      const double ti = kTri && !kReal ? im((*T)(j, k - 1)) : 0.0;
      double* __restrict ur = w.ur + j * G;
      double* __restrict ui = w.ui + j * G;
      for (Index rr = 1; rr < m; ++rr) {
        double* __restrict xr = w.xr + (j * m + rr) * G;
        double* __restrict xi = w.xi + (j * m + rr) * G;
        const double* __restrict t2r = w.t2r + rr * G;
        const double* __restrict t2i = w.t2i + rr * G;
        const double* __restrict st1r = w.st1r + rr * G;
        const double* __restrict st1i = w.st1i + rr * G;
        const double* __restrict at1r = w.at1r + rr * G;
        const double* __restrict at1i = w.at1i + rr * G;
#pragma omp simd
        for (Index g = 0; g < G; ++g) {
          xr[g] -= ur[g] * t2r[g] - ui[g] * t2i[g] - (hr * st1r[g] - hi * st1i[g]);
          xi[g] -= ur[g] * t2i[g] + ui[g] * t2r[g] - (hr * st1i[g] + hi * st1r[g]);
          if constexpr (kTri) {
            xr[g] -= tr * at1r[g] - ti * at1i[g];
            xi[g] -= tr * at1i[g] + ti * at1r[g];
          }
        }
      }
      double* __restrict xr = w.xr + j * m * G;
      double* __restrict xi = w.xi + j * m * G;
      const double* __restrict t2r = w.t2r;
      const double* __restrict t2i = w.t2i;
      const double* __restrict st1r = w.st1r;
      const double* __restrict st1i = w.st1i;
      const double* __restrict at1r = w.at1r;
      const double* __restrict at1i = w.at1i;
#pragma omp simd
      for (Index g = 0; g < G; ++g) {
        // x_j -= u_j t2 + M(j,k-1) t1 = u_j t2 - h (s t1) [+ t (alpha t1)]
        xr[g] -= ur[g] * t2r[g] - ui[g] * t2i[g] - (hr * st1r[g] - hi * st1i[g]);
        xi[g] -= ur[g] * t2i[g] + ui[g] * t2r[g] - (hr * st1i[g] + hi * st1r[g]);
        // u_j = M(j,k-1) c - u_j conj(sn) = -h (s c) [+ t (alpha c)] - u_j conj(sn)
        double nur = -(hr * scr[g] - hi * sci[g]) - (ur[g] * snr[g] + ui[g] * sni[g]);
        double nui = -(hr * sci[g] + hi * scr[g]) - (ui[g] * snr[g] - ur[g] * sni[g]);
        if constexpr (kTri) {
          xr[g] -= tr * at1r[g] - ti * at1i[g];
          xi[g] -= tr * at1i[g] + ti * at1r[g];
          nur += tr * acr[g] - ti * aci[g];
          nui += tr * aci[g] + ti * acr[g];
        }
        ur[g] = nur;
        ui[g] = nui;
      }
    }
    // Row k-1: M(k-1, k-1) = alpha P(k-1, k-1) - s H(k-1, k-1).
    const double pkr = kTri ? re((*T)(k - 1, k - 1)) : 1.0;
    const double pki = kTri ? im((*T)(k - 1, k - 1)) : 0.0;
    {
      double* __restrict ur = w.ur + (k - 1) * G;
      double* __restrict ui = w.ui + (k - 1) * G;
      for (Index rr = 1; rr < m; ++rr) {
        double* __restrict xr = w.xr + ((k - 1) * m + rr) * G;
        double* __restrict xi = w.xi + ((k - 1) * m + rr) * G;
        const double* __restrict t1r = w.t1r + rr * G;
        const double* __restrict t1i = w.t1i + rr * G;
        const double* __restrict t2r = w.t2r + rr * G;
        const double* __restrict t2i = w.t2i + rr * G;
#pragma omp simd
        for (Index g = 0; g < G; ++g) {
          const double mr = (ar[g] * pkr - ai[g] * pki) - (sr[g] * hkr - si[g] * hki);
          const double mi = (ar[g] * pki + ai[g] * pkr) - (sr[g] * hki + si[g] * hkr);
          xr[g] -= ur[g] * t2r[g] - ui[g] * t2i[g] + (mr * t1r[g] - mi * t1i[g]);
          xi[g] -= ur[g] * t2i[g] + ui[g] * t2r[g] + (mr * t1i[g] + mi * t1r[g]);
        }
      }
      double* __restrict xr = w.xr + (k - 1) * m * G;
      double* __restrict xi = w.xi + (k - 1) * m * G;
      const double* __restrict t1r = w.t1r;
      const double* __restrict t1i = w.t1i;
      const double* __restrict t2r = w.t2r;
      const double* __restrict t2i = w.t2i;
#pragma omp simd
      for (Index g = 0; g < G; ++g) {
        const double mr = (ar[g] * pkr - ai[g] * pki) - (sr[g] * hkr - si[g] * hki);
        const double mi = (ar[g] * pki + ai[g] * pkr) - (sr[g] * hki + si[g] * hkr);
        xr[g] -= ur[g] * t2r[g] - ui[g] * t2i[g] + (mr * t1r[g] - mi * t1i[g]);
        xi[g] -= ur[g] * t2i[g] + ui[g] * t2r[g] + (mr * t1i[g] + mi * t1r[g]);
        const double nur = mr * cr[g] - (ur[g] * snr[g] + ui[g] * sni[g]);
        const double nui = mi * cr[g] - (ui[g] * snr[g] - ur[g] * sni[g]);
        ur[g] = nur;
        ui[g] = nui;
      }
    }
  }

  // z_0 = x_0 / u_0 (u_0 = r_00), then y = (rotations) z, top-down; t_r (in t1) carries the
  // running rotated value of right-hand side r.
  {
    const double* __restrict ur = w.ur;
    const double* __restrict ui = w.ui;
#pragma omp simd
    for (Index g = 0; g < G; ++g) {
      const double sc = std::max(std::abs(ur[g]), std::abs(ui[g]));
      const double inv = sc > 0 ? 1.0 / sc : 0.0;
      const double au = sc * std::sqrt((ur[g] * inv) * (ur[g] * inv) + (ui[g] * inv) * (ui[g] * inv));
      dmax[g] = std::max(dmax[g], au);
      dmin[g] = std::min(dmin[g], au);
      sing[g] = au == 0 ? 1.0 : sing[g];
      const double ainv = 1.0 / (au > 0 ? au : tiny);
      phr[g] = au > 0 ? ur[g] * ainv : 1.0;
      phi[g] = ui[g] * ainv;
      rinv[g] = ainv;
    }
  }
  for (Index rr = 0; rr < m; ++rr) {
    const double* __restrict xr = w.xr + rr * G;
    const double* __restrict xi = w.xi + rr * G;
    double* __restrict tr = w.t1r + rr * G;
    double* __restrict ti = w.t1i + rr * G;
#pragma omp simd
    for (Index g = 0; g < G; ++g) {
      tr[g] = (xr[g] * phr[g] + xi[g] * phi[g]) * rinv[g];
      ti[g] = (xi[g] * phr[g] - xr[g] * phi[g]) * rinv[g];
    }
  }
  for (Index j = 1; j < n; ++j) {
    const double* __restrict cc = w.c + j * G;
    const double* __restrict snr = w.snr + j * G;
    const double* __restrict sni = w.sni + j * G;
    for (Index rr = 0; rr < m; ++rr) {
      const double* __restrict xr = w.xr + (j * m + rr) * G;
      const double* __restrict xi = w.xi + (j * m + rr) * G;
      double* __restrict yr = w.xr + ((j - 1) * m + rr) * G;
      double* __restrict yi = w.xi + ((j - 1) * m + rr) * G;
      double* __restrict tr = w.t1r + rr * G;
      double* __restrict ti = w.t1i + rr * G;
#pragma omp simd
      for (Index g = 0; g < G; ++g) {
        const double t2r_ = xr[g], t2i_ = xi[g];
        // y_{j-1} = c t1 + sn t2;  t1 = c t2 - conj(sn) t1
        yr[g] = cc[g] * tr[g] + snr[g] * t2r_ - sni[g] * t2i_;
        yi[g] = cc[g] * ti[g] + snr[g] * t2i_ + sni[g] * t2r_;
        const double ntr = cc[g] * t2r_ - (snr[g] * tr[g] + sni[g] * ti[g]);
        const double nti = cc[g] * t2i_ - (snr[g] * ti[g] - sni[g] * tr[g]);
        tr[g] = ntr;
        ti[g] = nti;
      }
    }
  }
  for (Index rr = 0; rr < m; ++rr)
    for (Index g = 0; g < G; ++g) {
      w.xr[((n - 1) * m + rr) * G + g] = w.t1r[rr * G + g];
      w.xi[((n - 1) * m + rr) * G + g] = w.t1i[rr * G + g];
    }
  for (Index g = 0; g < gn; ++g) {
    pmax[g] = std::max(pmax[g], dmax[g]);
    pmin[g] = std::min(pmin[g], dmin[g]);
    pzero[g] = sing[g] != 0.0 ? 1.0 : pzero[g];
  }
}

template <class Scalar>
class HessenbergBound final : public TriangularSweepBound {
 public:
  HessenbergBound(std::shared_ptr<const HessenbergFactor<Scalar>> f, MatrixXcd coeffs,
                  std::variant<MatrixXd, MatrixXcd> basis)
      : TriangularSweepBound(std::move(coeffs), std::move(basis), f->norm2, kGroup, f->form),
        f_(std::move(f)) {}

 private:
  void substitute(const TriangularChunk& ch, cplx* Yt, const LanePivots& piv,
                  std::vector<cplx>& scratch) const override {
    const auto& H = f_->H;
    const Index n = H.rows(), kc = ch.shifts, m = ch.rhs, L = ch.lanes();
    const GroupWork w(scratch, n, m);
    for (Index g0 = 0; g0 < kc; g0 += kGroup) {
      const Index gn = std::min(kGroup, kc - g0);
      Lanes ar, ai{}, sr{}, si{};  // idle lanes solve I y = c: harmless, discarded
      ar.fill(1.0);
      for (Index g = 0; g < gn; ++g) {
        ar[g] = ch.lane_alpha[g0 + g].real();
        ai[g] = ch.lane_alpha[g0 + g].imag();
        sr[g] = -ch.lane_beta[g0 + g].real();  // the kernel's s = -beta
        si[g] = -ch.lane_beta[g0 + g].imag();
      }
      // The pivots depend only on the shift: they go to the lanes of r = 0 (see LanePivots).
      if (f_->triangular_p())
        henry_solve_group<Scalar, true>(H, &f_->T, ar, ai, sr, si, ch.c, m, ch.tiny, w,
                                        piv.max + g0, piv.min + g0, piv.zero + g0, gn);
      else
        henry_solve_group<Scalar, false>(H, nullptr, ar, ai, sr, si, ch.c, m, ch.tiny, w,
                                         piv.max + g0, piv.min + g0, piv.zero + g0, gn);
      for (Index i = 0; i < n; ++i)
        for (Index r = 0; r < m; ++r) {
          const double* xr = w.xr + (i * m + r) * kGroup;
          const double* xi = w.xi + (i * m + r) * kGroup;
          cplx* y = Yt + i * L + r * kc + g0;
          for (Index g = 0; g < gn; ++g) y[g] = cplx(xr[g], xi[g]);
        }
    }
  }

  std::shared_ptr<const HessenbergFactor<Scalar>> f_;
};

template <class Scalar>
class HessenbergSolver final : public RouteSolver {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

 public:
  // form.shifted(): A here is the pencil's E, whose A is form.c I.
  explicit HessenbergSolver(const Mat& A, ShiftForm form = {})
      : f_(std::make_shared<HessenbergFactor<Scalar>>()) {
    f_->form = form;
    f_->H = A;
    linalg::gehrd(f_->H, f_->Q);
    f_->norm2 = norm2_lower_estimate(f_->H);
  }
  // The pencil (E, A): E = Q H Z^*, A = Q T Z^* (QR of A, then gghd3), M(s) = H - s T.
  HessenbergSolver(const Mat& E, const Mat& A)
      : f_(std::make_shared<HessenbergFactor<Scalar>>()) {
    f_->H = E;
    f_->T = A;
    linalg::gghd3(f_->H, f_->T, f_->Q, f_->Z);
    f_->norm2 = norm2_lower_estimate(f_->H);
    f_->form = ShiftForm{cplx(1.0), norm2_lower_estimate(f_->T)};
  }

  Route route() const override { return Route::Hessenberg; }
  Index size() const override { return f_->H.rows(); }
  // Henry's solve has no GEMM across shifts: a block needs only whole SIMD groups, so 100
  // frequencies still split across two threads (bench_freqresp, clamped beam n = 348 at 100
  // frequencies, whole solve: 41-46 -> 27 ms).
  Index min_block(const Tuning&) const override { return kGroup; }
  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    MatrixXcd coeffs = f_->Q.adjoint() * B;  // c = Q^* b
    return std::make_unique<HessenbergBound<Scalar>>(
        f_, std::move(coeffs), modal_basis(f_->triangular_p() ? f_->Z : f_->Q, C));
  }

 private:
  std::shared_ptr<HessenbergFactor<Scalar>> f_;
};

}  // namespace

std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXd& A) {
  return std::make_unique<HessenbergSolver<double>>(A);
}
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXcd& A) {
  return std::make_unique<HessenbergSolver<cplx>>(A);
}
std::unique_ptr<RouteSolver> make_hessenberg_shifted(const MatrixXd& E, double c) {
  return std::make_unique<HessenbergSolver<double>>(E, ShiftForm{c});
}
std::unique_ptr<RouteSolver> make_hessenberg_shifted(const MatrixXcd& E, cplx c) {
  return std::make_unique<HessenbergSolver<cplx>>(E, ShiftForm{c});
}
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXd& E, const MatrixXd& A) {
  return std::make_unique<HessenbergSolver<double>>(E, A);
}
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXcd& E, const MatrixXcd& A) {
  return std::make_unique<HessenbergSolver<cplx>>(E, A);
}

}  // namespace specsweep::detail
