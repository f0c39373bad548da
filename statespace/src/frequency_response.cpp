#include "specsweep/statespace/frequency_response.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "specsweep/error.hpp"

namespace specsweep::statespace {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
/// An entry of G at a flagged frequency is unreliable from this estimated relative error on.
constexpr double kUnreliable = 1e-2;
/// Poles with damping below this get a dense cluster of grid points and a reported peak.
constexpr double kLightDamping = 0.3;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The pencil of z E - A in the engine's sweep form (E' - z A'): E' = -A, A' = -E.
Resolvent factor(const StateSpaceModel& m, const FrequencyResponseOptions& o, Index k) {
  Options opts;
  opts.method = o.method;
  opts.expected_shifts = k;
  opts.observe_rows = m.outputs();
  opts.threads = o.threads;
  const MatrixXcd Ep = -m.A;
  const MatrixXcd Ap = m.E ? MatrixXcd(-*m.E) : MatrixXcd(-MatrixXcd::Identity(m.states(), m.states()));
  if (m.real) return Resolvent(MatrixXd(Ep.real()), MatrixXd(Ap.real()), opts);
  return Resolvent(Ep, Ap, opts);
}

}  // namespace

FrequencyResponseSolver::FrequencyResponseSolver(const StateSpaceModel& model,
                                                 const FrequencyResponseOptions& opts,
                                                 Index expected_frequencies)
    : model_(model), opts_(opts) {
  require(opts.dt >= 0 && std::isfinite(opts.dt), "dt must be finite and >= 0");
  model_.validate("model");
  const auto t0 = std::chrono::steady_clock::now();
  resolvent_ = factor(model_, opts_, expected_frequencies);
  factor_seconds_ = seconds_since(t0);
}

cplx FrequencyResponseSolver::z_of(double omega) const {
  return opts_.dt > 0 ? std::polar(1.0, omega * opts_.dt) : cplx(0.0, omega);
}

VectorXcd FrequencyResponseSolver::poles() const { return resolvent_.eigenvalues(); }

FrequencyResponse FrequencyResponseSolver::evaluate(const std::vector<double>& omega) const {
  for (size_t j = 0; j < omega.size(); ++j)
    require(std::isfinite(omega[j]), fmt::format("frequency {} is not finite", j));
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<cplx> z(omega.size());
  for (size_t j = 0; j < omega.size(); ++j) z[j] = z_of(omega[j]);
  Certification how;
  how.refine_all = opts_.refine;
  SweepResult Y = opts_.certify || opts_.refine
                      ? resolvent_.project_certified(model_.C, z, model_.B, how)
                      : resolvent_.project(model_.C, z, model_.B);
  FrequencyResponse out;
  out.omega = omega;
  out.outputs = model_.outputs();
  out.inputs = model_.inputs();
  out.G = Y.data;
  const Index p = out.outputs, m = out.inputs, k = Index(omega.size());
  for (Index j = 0; j < k; ++j)
    for (Index i = 0; i < p; ++i)
      for (Index r = 0; r < m; ++r) out.G[size_t((j * p + i) * m + r)] += model_.D(i, r);

  // Flagged frequencies: form x there (O(n^2) each, few of them) to say which entries are
  // unreliable by the first-order bound |dG_ij| <~ eps kappa ||c_i|| ||x_j||.
  if (!Y.flagged.empty()) {
    std::vector<cplx> zf;
    for (const ShiftFlag& f : Y.flagged) zf.push_back(z[size_t(f.index)]);
    const SweepResult X = resolvent_.solve(zf, model_.B);
    const VectorXd c_norm = model_.C.rowwise().norm();
    const VectorXd b_norm = model_.B.colwise().norm().transpose();
    for (size_t t = 0; t < Y.flagged.size(); ++t) {
      const ShiftFlag& f = Y.flagged[t];
      FrequencyFlag ff{f.index, omega[size_t(f.index)], f.cond_estimate, {}};
      for (Index r = 0; r < m; ++r) {
        double x2 = 0;
        for (Index q = 0; q < X.outputs; ++q) x2 += std::norm(X(Index(t), q, r));
        const double x_norm = std::sqrt(x2);
        for (Index i = 0; i < p; ++i) {
          const double g = std::abs(out(f.index, i, r));
          const double err = kEps * f.cond_estimate * c_norm[i] * x_norm;
          // A zero row of C or column of B decouples the entry from the pole: it is D alone.
          const bool coupled = c_norm[i] > 0 && b_norm[r] > 0;
          if (coupled && !(err < kUnreliable * g)) ff.unreliable.push_back({i, r});
        }
      }
      out.flagged.push_back(std::move(ff));
    }
  }
  out.certificates = std::move(Y.certificates);
  out.route = to_string(resolvent_.route());
  out.reason = resolvent_.reason();
  out.diagnostics = resolvent_.diagnostics();
  out.factor_seconds = factor_seconds_;
  out.sweep_seconds = seconds_since(t0);
  return out;
}

std::vector<double> log_spaced(double lo, double hi, Index count) {
  require(lo > 0 && hi > lo && std::isfinite(hi), fmt::format("need 0 < lo < hi, got {}:{}", lo, hi));
  require(count >= 2, fmt::format("need at least 2 frequencies, got {}", count));
  std::vector<double> w(static_cast<size_t>(count));
  const double a = std::log10(lo), b = std::log10(hi);
  for (Index j = 0; j < count; ++j) w[size_t(j)] = std::pow(10.0, a + (b - a) * double(j) / double(count - 1));
  w.front() = lo;
  w.back() = hi;
  return w;
}

namespace {

struct ContinuousPole {
  double omega_n, zeta;
};

// Continuous-time equivalents p (z = e^{p dt} in discrete time) of the finite poles in the
// upper half plane (each oscillatory pair once) and on the real axis.
std::vector<ContinuousPole> continuous_poles(const VectorXcd& poles, double dt) {
  std::vector<ContinuousPole> out;
  for (Index i = 0; i < poles.size(); ++i) {
    cplx p = poles[i];
    if (!std::isfinite(p.real()) || !std::isfinite(p.imag())) continue;
    if (dt > 0) {
      if (std::abs(p) == 0) continue;
      p = std::log(p) / dt;
    }
    if (p.imag() < 0) continue;
    const double wn = std::abs(p);
    if (!(wn > 0)) continue;
    out.push_back({wn, -p.real() / wn});
  }
  return out;
}

}  // namespace

std::vector<double> pole_aware_grid(const VectorXcd& poles, double dt) {
  const std::vector<ContinuousPole> cp = continuous_poles(poles, dt);
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const auto& p : cp) {
    lo = std::min(lo, p.omega_n);
    hi = std::max(hi, p.omega_n);
  }
  if (!(hi > 0)) lo = hi = 1.0;  // no finite nonzero pole: one decade either side of 1
  lo /= 100.0;
  hi *= 100.0;
  if (dt > 0) hi = std::min(hi, M_PI / dt);
  if (!(lo < hi)) lo = hi / 1e4;
  std::vector<double> w = log_spaced(lo, hi, 200);
  // Around a lightly damped pole |G| changes over the half-power width ~ 2 zeta omega_n:
  // 41 points across +-4 widths resolve the peak and its phase swing.
  for (const auto& p : cp) {
    if (!(p.zeta < kLightDamping) || p.zeta < 0) continue;
    const double width = std::max(p.zeta, 1e-8) * p.omega_n;
    for (int t = -20; t <= 20; ++t) {
      const double wt = p.omega_n + 0.2 * width * t;
      if (wt > 0 && (dt == 0 || wt < M_PI / dt)) w.push_back(wt);
    }
  }
  std::sort(w.begin(), w.end());
  w.erase(std::unique(w.begin(), w.end()), w.end());
  return w;
}

std::vector<ResonancePeak> resonance_peaks(const FrequencyResponseSolver& solver,
                                           const FrequencyResponse& resp, double dt) {
  std::vector<ResonancePeak> peaks;
  const Index p = resp.outputs, m = resp.inputs, k = Index(resp.omega.size());
  if (k < 3) return peaks;
  for (const auto& pole : continuous_poles(solver.poles(), dt)) {
    if (!(pole.zeta < kLightDamping) || pole.zeta <= 0) continue;
    const double width = pole.zeta * pole.omega_n;
    // The channel and grid point with the largest |G| within +-4 widths of the pole.
    Index best_j = -1, best_i = 0, best_r = 0;
    double best = -1;
    for (Index j = 0; j < k; ++j) {
      if (std::abs(resp.omega[size_t(j)] - pole.omega_n) > 4 * width) continue;
      for (Index i = 0; i < p; ++i)
        for (Index r = 0; r < m; ++r)
          if (std::abs(resp(j, i, r)) > best) {
            best = std::abs(resp(j, i, r));
            best_j = j;
            best_i = i;
            best_r = r;
          }
    }
    if (best_j < 0) continue;
    // Zoom: 3 rounds of 21 points, each over the two grid steps around the best point.
    double centre = resp.omega[size_t(best_j)], half = 0.5 * width;
    double w0 = centre, g0 = best;
    for (int round = 0; round < 4; ++round) {
      std::vector<double> w;
      for (int t = -10; t <= 10; ++t) w.push_back(centre + half * t / 10.0);
      const FrequencyResponse z = solver.evaluate(w);
      Index jb = 10;
      for (Index j = 0; j < Index(w.size()); ++j)
        if (std::abs(z(j, best_i, best_r)) > std::abs(z(jb, best_i, best_r))) jb = j;
      if (round == 3 && jb > 0 && jb + 1 < Index(w.size())) {
        // Parabola through the best point and its neighbours (|G| is smooth at its maximum).
        const double fm = std::abs(z(jb - 1, best_i, best_r)), f0 = std::abs(z(jb, best_i, best_r));
        const double fp = std::abs(z(jb + 1, best_i, best_r)), h = w[1] - w[0];
        const double den = fm - 2 * f0 + fp;
        const double off = den < 0 ? 0.5 * h * (fm - fp) / den : 0.0;
        w0 = w[size_t(jb)] + off;
        g0 = f0 - 0.125 * (fp - fm) * (fp - fm) / (den < 0 ? den : -1.0);
      } else {
        w0 = w[size_t(jb)];
        g0 = std::abs(z(jb, best_i, best_r));
      }
      centre = w0;
      half /= 5.0;
    }
    peaks.push_back({w0, g0, best_i, best_r, pole.omega_n, pole.zeta});
  }
  std::sort(peaks.begin(), peaks.end(), [](const auto& a, const auto& b) { return a.omega < b.omega; });
  return peaks;
}

}  // namespace specsweep::statespace
