// The emitter study: q outer (one factorisation of A(q) per node), then every (E_F, hw) pair
// as one block of shifts through the engine's projection. See emitter.hpp for the formulas.
#include "specsweep/ribbon/emitter.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>

#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"
#include "specsweep/ribbon/conductivity.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/parameters.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

constexpr Index kX = 0, kZ = 1;

/// g(q, rho) = |q| K1(|q| rho) / rho, the radial factor of grad K0(|q| rho); 1/rho^2 at q = 0.
double radial_factor(double q, double rho) {
  if (q == 0.0) return 1.0 / (rho * rho);
  const double x = q * rho;
  return x > 700.0 ? 0.0 : q * std::cyl_bessel_k(1.0, x) / rho;
}

/// Bare dipole field at r_o from a unit dipole along axis b at r_s: (3 n (n.p) - p) / R^3.
double bare_dipole_field(const EmitterSetup& s, Index component, Index b) {
  const double rx = *s.observation_x_nm - s.emitter_x_nm, rz = *s.observation_z_nm - s.emitter_z_nm;
  const double R = std::hypot(rx, rz), n[2] = {rx / R, rz / R};
  return (3.0 * n[component] * n[b] - (component == b ? 1.0 : 0.0)) / (R * R * R);
}

/// p^T M p for the orientation of the setup, or its average over theta.
cplx orient(const EmitterSetup& s, cplx xx, cplx xz, cplx zx, cplx zz) {
  if (!s.orientation_deg) return 0.5 * (xx + zz);
  const double th = *s.orientation_deg * units::pi / 180.0, sn = std::sin(th), cs = std::cos(th);
  return sn * sn * xx + sn * cs * (xz + zx) + cs * cs * zz;
}

/// The observable at one (E_F, hw) from the q-integrated slots G.
double observable_at(const EmitterSetup& s, const cplx* G, double hw) {
  if (s.observable == EmitterObservable::Purcell) {
    const cplx pGp = orient(s, G[2 * kX + kX], G[2 * kX + kZ], G[2 * kZ + kX], G[2 * kZ + kZ]);
    const double k = units::hbar_c / hw;  // c/omega [nm]
    return 1.0 + 1.5 * k * k * k * pGp.imag();
  }
  // Field at r_o for a source along b: components c = x, z (E_y = 0 in the plane y = 0).
  cplx E[2][2];  // [source b][component c]
  for (Index b = 0; b < 2; ++b)
    for (Index c = 0; c < 2; ++c) E[b][c] = bare_dipole_field(s, c, b) + G[4 + 2 * c + b];
  auto intensity = [&](double sn, double cs) {
    double sum = 0;
    for (Index c = 0; c < 2; ++c) sum += std::norm(sn * E[kX][c] + cs * E[kZ][c]);
    return sum;
  };
  if (!s.orientation_deg) return 0.5 * (intensity(1, 0) + intensity(0, 1));
  const double th = *s.orientation_deg * units::pi / 180.0;
  return intensity(std::sin(th), std::cos(th));
}

}  // namespace

// validate(EmitterSetup) is the parameter table's check: parameters.cpp.

Index emitter_slots(const EmitterSetup& s) { return s.has_observation() ? 8 : 4; }

QRule emitter_q_rule(const EmitterSetup& s) { return make_q_rule(s.q_points, s.q_scale(), s.q_max()); }

EmitterSums emitter_q_sums(const EmitterSetup& s, const QRule& rule,
                           const std::vector<Index>& q_nodes) {
  validate(s);
  return emitter_q_sums(s, system_of(s), surroundings_of(s), rule, q_nodes);
}

EmitterSums emitter_q_sums(const EmitterSetup& s, const RibbonSystem& system,
                           const Surroundings& medium, const QRule& rule,
                           const std::vector<Index>& q_nodes) {
  validate(s);
  validate(system);
  require(system.geometry.period_nm == 0,
          "emitter: periodic arrays are modelled at q = 0 (normal incidence) only, and the emitter "
          "study integrates over q; give isolated ribbons (period_nm = 0)");
  const double W = system.geometry.ribbons[0].width_nm;
  require(s.width_nm == W, fmt::format("emitter: ribbon.width_nm = {} must equal the first "
                                       "ribbon's width {} nm", s.width_nm, W));
  const Index nf = static_cast<Index>(s.fermi_eV.size());
  const Index nw = static_cast<Index>(s.hw_eV.size()), slots = emitter_slots(s);
  const Index rows = slots / 2;  // observer rows; 2 source columns each

  // Shift k = f * nw + w is s(E_F[f], hw[w]): every (E_F, hw) in one sweep per q. The sources
  // carry 1/eps_eff(hw): they are built with eps = 1 and each output is divided by eps_eff(hw).
  std::vector<cplx> shifts(static_cast<size_t>(nf * nw)), inv_eps(static_cast<size_t>(nw));
  for (Index w = 0; w < nw; ++w) inv_eps[size_t(w)] = 1.0 / medium.eps_eff(s.hw_eV[size_t(w)]);
  for (Index f = 0; f < nf; ++f)
    for (Index w = 0; w < nw; ++w) {
      const double hw = s.hw_eV[size_t(w)];
      const cplx sigma = sheet_conductivity(system.conductivity, s.fermi_eV[size_t(f)], hw, s.gamma_eV).total();
      shifts[static_cast<size_t>(f * nw + w)] = conductivity_shift(sigma, hw, 1.0 / inv_eps[size_t(w)], W);
    }
  // Fermi energies sharing one A(q): all of them, unless the Drude-weight ratios depend on E_F.
  std::vector<std::vector<Index>> groups;
  if (weights_depend_on_fermi(system))
    for (Index f = 0; f < nf; ++f) groups.push_back({f});
  else {
    groups.emplace_back();
    for (Index f = 0; f < nf; ++f) groups[0].push_back(f);
  }

  EmitterSums sums;
  sums.fine.assign(static_cast<size_t>(nf * nw * slots), cplx(0));
  sums.coarse = sums.fine;

  // One level of parallelism: threads split the q-points (each q assembles, factors and sweeps
  // on one core, single-threaded BLAS); the q-sums are merged in thread order, so a run is
  // reproducible for a given thread count. Mixing OpenMP with threaded BLAS per q was measured
  // to spend about half the time in idle threads spinning.
  auto accumulate_q = [&](Index iq, EmitterSums& into) {
    ensure(iq >= 0 && iq < static_cast<Index>(rule.nodes.size()), "q node out of range");
    const double q = rule.nodes[static_cast<size_t>(iq)];
    const double wf = rule.weights[static_cast<size_t>(iq)] / units::pi;
    const double wc = rule.coarse_weights[static_cast<size_t>(iq)] / units::pi;
    for (const auto& group : groups) {
      const SystemOperator op(system, q * W, drude_weight_ratios(system, s.fermi_eV[size_t(group[0])]));
      const Index N = op.size();
      const VectorXd x = W * op.centres(), dx_cell = W * op.sizes();

      // Sources at eps = 1: phi_ext^b = -2 g (r_s - r_i)_b for unit dipoles along x and z.
      MatrixXcd B(N, 2);
      for (Index i = 0; i < N; ++i) {
        const double dx = s.emitter_x_nm - x[i], dz = s.emitter_z_nm;
        const double g = radial_factor(q, std::hypot(dx, dz));
        B(i, kX) = -2.0 * g * dx;
        B(i, kZ) = -2.0 * g * dz;
      }
      // Observers M on the induced charge rho~ (bound as M K, so each output is M K phi_tot
      // and M rho~ = (s/W) times it): emitter field rows M_a = -eps W h_i phi_ext^a (eps-free),
      // and observation field rows M_c = 2 W h_i g (r_o - r_j)_c.
      MatrixXcd M(rows, N);
      for (Index i = 0; i < N; ++i) {
        M(kX, i) = -dx_cell[i] * B(i, kX);
        M(kZ, i) = -dx_cell[i] * B(i, kZ);
      }
      if (s.has_observation()) {
        for (Index j = 0; j < N; ++j) {
          const double dx = *s.observation_x_nm - x[j], dz = *s.observation_z_nm;
          const double g = radial_factor(q, std::hypot(dx, dz));
          M(2 + kX, j) = 2.0 * dx_cell[j] * g * dx;
          M(2 + kZ, j) = 2.0 * dx_cell[j] * g * dz;
        }
      }
      const MatrixXcd C = op.charge_observer(M);

      std::vector<cplx> group_shifts;
      for (Index f : group)
        group_shifts.insert(group_shifts.end(), shifts.begin() + f * nw, shifts.begin() + (f + 1) * nw);
      Options opts = s.engine;
      opts.expected_shifts = Index(group_shifts.size());
      opts.observe_rows = rows;
      const Resolvent R = op.resolvent(opts);
      if (into.route.empty()) {
        into.route = to_string(R.route());
        into.reason = R.reason();
      }
      R.sweep(group_shifts, op.source(B), &C, [&](Index first, Index count, const cplx* block) {
        for (Index j = 0; j < count; ++j) {
          const Index kg = first + j, f = group[size_t(kg / nw)], w = kg % nw;
          const Index k = f * nw + w;
          const cplx s_k = shifts[static_cast<size_t>(k)] * inv_eps[size_t(w)] / W;
          cplx* fine = into.fine.data() + k * slots;
          cplx* coarse = into.coarse.data() + k * slots;
          for (Index v = 0; v < slots; ++v) {  // block is (count, rows, 2) row-major = slots
            const cplx val = s_k * block[j * slots + v];  // (s/W) M K phi_tot / eps
            fine[v] += wf * val;
            coarse[v] += wc * val;
          }
        }
      });
    }
  };

  // Threads split the q-points; each q's factorisation and sweep then run on one core (the
  // OpenMP BLAS runs calls made inside the region single-threaded).
  const int threads = static_cast<int>(std::min<Index>(
      linalg::threads_for_blas_region(omp_in_parallel() ? 1 : omp_get_max_threads()),
      Index(q_nodes.size())));
  if (threads <= 1) {
    for (Index iq : q_nodes) accumulate_q(iq, sums);
    return sums;
  }
  std::vector<EmitterSums> part(static_cast<size_t>(threads));
  for (auto& p : part) {
    p.fine = sums.fine;
    p.coarse = sums.coarse;
  }
  std::exception_ptr failure;
  {
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (Index k = 0; k < Index(q_nodes.size()); ++k) {
      try {
        accumulate_q(q_nodes[static_cast<size_t>(k)], part[static_cast<size_t>(omp_get_thread_num())]);
      } catch (...) {
#pragma omp critical
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  for (const auto& p : part) {
    for (size_t i = 0; i < sums.fine.size(); ++i) {
      sums.fine[i] += p.fine[i];
      sums.coarse[i] += p.coarse[i];
    }
  }
  sums.route = part[0].route;  // q_nodes[0] is thread 0's first q-point
  sums.reason = part[0].reason;
  return sums;
}

EmitterResult finish_emitter_study(const EmitterSetup& s, const EmitterSums& sums) {
  const Index nf = static_cast<Index>(s.fermi_eV.size()), nw = static_cast<Index>(s.hw_eV.size());
  const Index slots = emitter_slots(s);
  ensure(static_cast<Index>(sums.fine.size()) == nf * nw * slots &&
             sums.coarse.size() == sums.fine.size(),
         "emitter sums do not match the setup");
  EmitterResult r;
  r.fermi_eV = s.fermi_eV;
  r.hw_eV = s.hw_eV;
  r.route = sums.route;
  r.reason = sums.reason;
  r.observable.resize(nf, nw);
  r.observable_error.resize(nf, nw);
  MatrixXd coarse(nf, nw);
  for (Index f = 0; f < nf; ++f)
    for (Index w = 0; w < nw; ++w) {
      const Index k = (f * nw + w) * slots;
      r.observable(f, w) = observable_at(s, sums.fine.data() + k, s.hw_eV[w]);
      coarse(f, w) = observable_at(s, sums.coarse.data() + k, s.hw_eV[w]);
      r.observable_error(f, w) = std::abs(r.observable(f, w) - coarse(f, w));
    }

  // Spectral weight: Lorentzian line (FWHM gamma_e) x cross section, unit area by trapezoid.
  VectorXd S = VectorXd::Ones(nw);
  if (nw > 1) {
    const double half = 0.5 * s.line_width_eV;
    for (Index w = 0; w < nw; ++w) {
      const double d = s.hw_eV[w] - s.line_center_eV;
      const double lo = s.hw_eV[std::max<Index>(w - 1, 0)], hi = s.hw_eV[std::min(w + 1, nw - 1)];
      const double trapezoid = 0.5 * (hi - lo);
      S[w] = half / units::pi / (d * d + half * half) * trapezoid *
             (s.cross_section.empty() ? 1.0 : s.cross_section[w]);
    }
    require(S.sum() > 0, "emitter.cross_section is zero over the whole hw grid");
    S /= S.sum();
  }
  r.P = r.observable * S;
  r.P_error = (r.observable - coarse).cwiseAbs() * S;
  r.P.maxCoeff(&r.best);
  return r;
}

EmitterResult run_emitter_study(const EmitterSetup& s) {
  validate(s);
  return run_emitter_study(s, system_of(s), surroundings_of(s));
}

EmitterResult run_emitter_study(const EmitterSetup& s, const RibbonSystem& system,
                                const Surroundings& medium) {
  validate(s);
  const QRule rule = emitter_q_rule(s);
  std::vector<Index> all(rule.nodes.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<Index>(i);
  return finish_emitter_study(s, emitter_q_sums(s, system, medium, rule, all));
}

}  // namespace specsweep::ribbon
