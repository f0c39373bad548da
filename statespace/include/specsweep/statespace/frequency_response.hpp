#pragma once
// Frequency response G(z) = C (z E - A)^-1 B + D of a state-space model, at z = i omega
// (continuous time) or z = e^{i omega dt} (discrete time). The pencil (z E - A) is the
// engine's (E' - z A') with E' = -A and A' = -E, so the factorisation is done once and every
// frequency costs O(n p m) on the modal routes, O(n^2 m) on qz; singular E (descriptor systems)
// is allowed and only puts eigenvalues of the pencil at infinity.
#include <string>
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/statespace/model.hpp"

namespace specsweep::statespace {

struct FrequencyResponseOptions {
  Method method = Method::Auto;
  double dt = 0;      ///< > 0: discrete time with sampling period dt, z = e^{i omega dt}
  int threads = 0;    ///< as Options::threads
  /// Check and refine every frequency (Certification::refine_all); by default only those whose
  /// outputs are at risk (|G_ij - D_ij| small against ||c_i|| ||x_j||) or flagged.
  bool refine = false;
  /// false: the plain projected sweep, no certificates (what a throughput comparison times).
  bool certify = true;
};

/// A frequency at which z E - A is numerically singular (at or next to a pole): G there is a
/// best effort. `unreliable` lists the entries (output i, input j) whose estimated relative
/// error eps kappa(z) ||c_i|| ||x_j|| / |G_ij| is 1e-2 or more (or not finite); entries
/// dominated by D, or on a zero row of C or column of B, can stay reliable.
struct FrequencyFlag {
  Index index = 0;
  double omega = 0;
  double kappa = 0;  ///< estimate of kappa(z) (inf: exactly singular)
  std::vector<std::pair<Index, Index>> unreliable;
};

/// A resonance found by resonance_peaks: the local maximum of |G_ij| over omega near a lightly
/// damped pole, for the channel with the largest peak there.
struct ResonancePeak {
  double omega = 0;      ///< frequency of the maximum
  double magnitude = 0;  ///< |G_ij(omega)|
  Index output = 0, input = 0;
  double pole_omega = 0;  ///< natural frequency |p| of the pole (continuous-time equivalent)
  double damping = 0;     ///< zeta = -Re p / |p|
};

struct FrequencyResponse {
  std::vector<double> omega;
  Index outputs = 0, inputs = 0;
  std::vector<cplx> G;  ///< C-order (k, p, m): G[(j p + i) m + r] = G_ir(omega_j)
  std::vector<FrequencyFlag> flagged;
  std::vector<ResonancePeak> peaks;  ///< filled by --omega-auto (resonance_peaks)
  /// One per frequency (Resolvent::project_certified): backward errors where checked, and the
  /// error estimate of every entry of C x (D is exact).
  std::vector<OutputCertificate> certificates;
  std::string route, reason;
  Diagnostics diagnostics;
  double factor_seconds = 0, sweep_seconds = 0;
  cplx operator()(Index j, Index i, Index r) const {
    return G[static_cast<size_t>((j * outputs + i) * inputs + r)];
  }
};

/// The factorised model: factor once, evaluate G at any frequencies.
class FrequencyResponseSolver {
 public:
  /// expected_frequencies: a hint for Auto (0 = unknown).
  FrequencyResponseSolver(const StateSpaceModel& model, const FrequencyResponseOptions& opts,
                          Index expected_frequencies = 0);
  /// G at every omega (finite; >= 0 is not required), with flags.
  FrequencyResponse evaluate(const std::vector<double>& omega) const;
  /// Poles of the model (finite generalised eigenvalues of z E - A) when the route has them.
  VectorXcd poles() const;
  const Resolvent& resolvent() const { return resolvent_; }
  double factor_seconds() const { return factor_seconds_; }

 private:
  cplx z_of(double omega) const;
  StateSpaceModel model_;
  FrequencyResponseOptions opts_;
  Resolvent resolvent_;
  double factor_seconds_ = 0;
};

/// count log-spaced frequencies from lo to hi (0 < lo < hi), both ends included.
std::vector<double> log_spaced(double lo, double hi, Index count);

/// A pole-aware grid: log-spaced over two decades beyond the poles' natural frequencies, plus
/// points clustered around each lightly damped pole (zeta < 0.3), spaced by a fraction of the
/// half-power width zeta omega_n. Discrete time (dt > 0) maps poles z to log(z) / dt and stays
/// below the Nyquist frequency pi / dt.
std::vector<double> pole_aware_grid(const VectorXcd& poles, double dt);

/// For each lightly damped pole, the maximum of |G_ij| near its natural frequency over the
/// channel with the largest response there, located by successive zooming around the best
/// grid point (evaluating G at extra frequencies) and a final parabolic fit in omega.
std::vector<ResonancePeak> resonance_peaks(const FrequencyResponseSolver& solver,
                                           const FrequencyResponse& response, double dt);

}  // namespace specsweep::statespace
