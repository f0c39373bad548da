#include "specsweep/ribbon/system.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <stdexcept>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/conductivity.hpp"
#include "specsweep/ribbon/galerkin.hpp"
#include "specsweep/ribbon/model.hpp"

namespace specsweep::ribbon {
namespace {

bool single_isolated(const Geometry& g) { return g.ribbons.size() == 1 && g.period_nm == 0; }

// (I + U (X - I) U^T) B for the R orthonormal per-ribbon uniform vectors U (N cells each).
template <class Matrix>
Matrix uniform_apply(const MatrixXd& X, const Matrix& B, Index N) {
  const Index R = X.rows();
  const double norm = 1.0 / std::sqrt(double(N));
  Matrix UtB(R, B.cols());
  for (Index r = 0; r < R; ++r) UtB.row(r) = norm * B.middleRows(r * N, N).colwise().sum();
  const Matrix update = (X - MatrixXd::Identity(R, R)) * UtB;
  Matrix out = B;
  for (Index r = 0; r < R; ++r) out.middleRows(r * N, N).rowwise() += norm * update.row(r);
  return out;
}

Discretisation resolve(const RibbonSystem& s) {
  if (s.discretisation != Discretisation::Auto) return s.discretisation;
  return single_isolated(s.geometry) ? Discretisation::Collocation : Discretisation::Galerkin;
}

}  // namespace

RibbonSystem single_ribbon(double width_nm, Index cells) {
  RibbonSystem s;
  s.geometry.ribbons = {RibbonSpec{width_nm, 0.0, 1.0}};
  s.cells = cells;
  return s;
}

// The one statement of each rule of a system; the parameter tables (parameters.cpp) report the
// same problems under their own keys and flags.
std::optional<SystemProblem> first_problem(const RibbonSystem& s) {
  auto problem = [](const char* field, std::string text) {
    return std::optional<SystemProblem>(SystemProblem{field, std::move(text)});
  };
  const auto& rb = s.geometry.ribbons;
  if (rb.empty()) return problem("widths_nm", "no ribbons given");
  for (size_t r = 0; r < rb.size(); ++r) {
    if (!(std::isfinite(rb[r].width_nm) && rb[r].width_nm > 0))
      return problem("widths_nm", fmt::format("width (nm) must be > 0, got {} (ribbon {})",
                                              rb[r].width_nm, r));
    if (!(std::isfinite(rb[r].ef_ratio) && rb[r].ef_ratio > 0))
      return problem("ef_ratios", fmt::format("E_F ratio must be > 0, got {} (ribbon {})",
                                              rb[r].ef_ratio, r));
    if (r > 0 && !(std::isfinite(rb[r].gap_nm) && rb[r].gap_nm > 0))
      return problem("gaps_nm", fmt::format("gap (nm) must be > 0, got {} (before ribbon {})",
                                            rb[r].gap_nm, r));
  }
  if (rb[0].gap_nm != 0)
    return problem("gaps_nm",
                   fmt::format("the first ribbon has no gap before it (got {} nm)", rb[0].gap_nm));
  if (rb[0].ef_ratio != 1)
    return problem("ef_ratios",
                   fmt::format("the first ratio is E_F,0 / E_F,0 = 1, got {}", rb[0].ef_ratio));
  const double L = s.geometry.period_nm;
  if (!(std::isfinite(L) && L >= 0))
    return problem("period_nm", fmt::format("period (nm) must be >= 0 (0: isolated), got {}", L));
  if (L > 0) {
    // The last gap closes the period, so it must be > 0.
    double span = 0;
    for (const RibbonSpec& x : rb) span += x.width_nm + x.gap_nm;
    if (!(L > span))
      return problem("period_nm", fmt::format("period (nm) must exceed the unit cell's span "
                                              "(widths plus gaps) of {} nm, got {}",
                                              span, L));
  }
  const double T = s.conductivity.temperature_K;
  if (!(std::isfinite(T) && T >= 0))
    return problem("temperature_K", fmt::format("temperature (K) must be >= 0, got {}", T));
  if (s.conductivity.kind == Conductivity::Rpa)
    for (size_t k = 0; k < rb.size(); ++k)
      if (rb[k].ef_ratio != 1)
        return problem(
            "conductivity",
            fmt::format("rpa needs one E_F for every ribbon, but ribbon {} has E_F ratio {}: under "
                        "rpa sigma_r / sigma_0 changes with the frequency, so the sweep would no "
                        "longer have one scalar shift (drude allows unequal E_F)",
                        k, rb[k].ef_ratio));
  if (s.cells < 2) return problem("cells", fmt::format("cells must be >= 2, got {}", s.cells));
  if (s.discretisation == Discretisation::Collocation && !single_isolated(s.geometry))
    return problem("discretisation",
                   "collocation is defined for one isolated ribbon; several ribbons and arrays "
                   "need the Galerkin form");
  return std::nullopt;
}

void validate(const RibbonSystem& s) {
  if (auto p = first_problem(s)) throw Error(fmt::format("{}: {}", p->field, p->text));
}

std::vector<double> drude_weight_ratios(const RibbonSystem& s, double fermi_eV) {
  validate(s);
  const double T = s.conductivity.temperature_K;
  std::vector<double> w;
  for (const auto& r : s.geometry.ribbons)
    w.push_back(T == 0 ? r.ef_ratio
                       : intraband_weight(fermi_eV * r.ef_ratio, T) / intraband_weight(fermi_eV, T));
  return w;
}

bool weights_depend_on_fermi(const RibbonSystem& s) {
  if (s.conductivity.temperature_K == 0) return false;
  for (const auto& r : s.geometry.ribbons)
    if (r.ef_ratio != 1) return true;
  return false;
}

std::vector<RibbonPlacement> ribbon_placements(const Geometry& g) {
  require(!g.ribbons.empty(), "geometry: no ribbons given");
  const double W0 = g.ribbons[0].width_nm;
  std::vector<RibbonPlacement> p;
  double left = 0;
  for (size_t r = 0; r < g.ribbons.size(); ++r) {
    if (r > 0) left += g.ribbons[r].gap_nm / W0;
    p.push_back({left, g.ribbons[r].width_nm / W0});
    left += g.ribbons[r].width_nm / W0;
  }
  return p;
}

SystemOperator::SystemOperator(const RibbonSystem& s, double qW, const std::vector<double>& weights)
    : qW_(qW), discretisation_(resolve(s)) {
  validate(s);
  require(std::isfinite(qW) && qW >= 0, fmt::format("ribbon: qW must be finite and >= 0, got {}", qW));
  const Index R = Index(s.geometry.ribbons.size()), N = s.cells;
  require(Index(weights.size()) == R,
          fmt::format("ribbon: {} Drude-weight ratios for {} ribbons", weights.size(), R));
  for (double w : weights)
    require(std::isfinite(w) && w > 0, fmt::format("ribbon: Drude-weight ratio must be > 0, got {}", w));
  period_ = s.geometry.period_nm / s.geometry.ribbons[0].width_nm;
  require(period_ == 0 || qW == 0,
          fmt::format("ribbon array: periodic arrays are modelled at q = 0 (normal incidence) only, "
                      "got qW = {}", qW));

  const auto place = ribbon_placements(s.geometry);
  const Index n = R * N;
  u_.resize(n);
  h_.resize(n);
  std::vector<CellRow> rows;
  for (Index r = 0; r < R; ++r) {
    start_.push_back(r * N);
    const double h = place[size_t(r)].width / double(N);
    rows.push_back({place[size_t(r)].left, h, N});
    for (Index i = 0; i < N; ++i) {
      u_(r * N + i) = place[size_t(r)].left + (double(i) + 0.5) * h;
      h_(r * N + i) = h;
    }
  }

  if (discretisation_ == Discretisation::Collocation) {
    V_ = coulomb_operator(qW, N);
    D_ = difference_operator(qW, N);  // w_0 = 1
    K_ = D_;
    return;
  }

  const CoulombKernel kernel = period_ > 0 ? CoulombKernel::periodic(period_) : CoulombKernel::isolated(qW);
  const MatrixXd G = galerkin_coulomb(kernel, rows);
  const VectorXd inv_h = h_.cwiseInverse();
  V_ = inv_h.asDiagonal() * G * inv_h.asDiagonal();
  V_ = 0.5 * (V_ + V_.transpose());  // exactly symmetric after the scaling
  if (qW == 0) {
    const auto& last = place.back();
    c_ = period_ > 0 ? 1.0 : 2.0 * std::log(last.left + last.width) - 2.0;
    V_.array() += c_;
  }

  D_ = MatrixXd::Zero(n, n);
  for (Index r = 0; r < R; ++r) {
    const Index o = r * N;
    const double h = rows[size_t(r)].h, w = weights[size_t(r)];
    // No flux through either edge: each face moves (phi_{i+1} - phi_i)/h between its cells.
    for (Index i = 0; i + 1 < N; ++i) {
      D_(o + i, o + i) -= w / h;
      D_(o + i + 1, o + i + 1) -= w / h;
      D_(o + i, o + i + 1) += w / h;
      D_(o + i + 1, o + i) += w / h;
    }
    for (Index i = 0; i < N; ++i) D_(o + i, o + i) -= w * qW * qW * h;
  }
  K_ = inv_h.asDiagonal() * D_;

  // Balancing (see the header): T = (U^T V U / m)^(1/2), V' = P^-1 V P^-1, D' = P D P.
  const double norm = 1.0 / std::sqrt(double(N));
  MatrixXd UtVU(R, R);
  for (Index r = 0; r < R; ++r)
    for (Index t = 0; t < R; ++t) UtVU(r, t) = norm * norm * V_.block(r * N, t * N, N, N).sum();
  const Eigen::SelfAdjointEigenSolver<MatrixXd> es(UtVU / V_.diagonal().mean());
  require(es.info() == Eigen::Success && es.eigenvalues().minCoeff() > 0,
          "ribbon: the Coulomb matrix is not positive definite on the ribbons' total charges");
  T_ = es.operatorSqrt();
  T_inv_ = es.operatorInverseSqrt();
  Vb_ = uniform_apply(T_inv_, MatrixXd(uniform_apply(T_inv_, V_, N).transpose()), N);
  Vb_ = 0.5 * (Vb_ + Vb_.transpose());
  Db_ = uniform_apply(T_, MatrixXd(uniform_apply(T_, D_, N).transpose()), N);
  Db_ = 0.5 * (Db_ + Db_.transpose());
}

Resolvent SystemOperator::resolvent(const Options& opts) const {
  const bool balanced = T_.size() > 0;
  Resolvent r = Resolvent::symmetric_definite_product(balanced ? Vb_ : V_, balanced ? Db_ : D_, opts);
  if ((opts.method == Method::Auto || opts.method == Method::Eig) &&
      r.route() != Route::EigSymmetricDefinite)
    throw std::logic_error(fmt::format("ribbon: the operator at qW = {} did not take route "
                                       "eig-symmetric-definite ({})", qW_, r.reason()));
  return r;
}

MatrixXcd SystemOperator::source(const MatrixXcd& B) const {
  require(B.rows() == size(),
          fmt::format("source has {} rows but the system has {} cells", B.rows(), size()));
  if (T_.size() == 0) return B;
  return uniform_apply(T_inv_, B, size() / ribbons());
}

MatrixXcd SystemOperator::observer(const MatrixXcd& C) const {
  require(C.cols() == size(),
          fmt::format("observer has {} columns but the system has {} cells", C.cols(), size()));
  if (T_.size() == 0) return C;
  // C P = (P C^T)^T, P symmetric.
  return uniform_apply(T_, MatrixXcd(C.transpose()), size() / ribbons()).transpose();
}

MatrixXcd SystemOperator::charge_observer(const MatrixXcd& M) const {
  require(M.cols() == size(),
          fmt::format("observer has {} columns but the system has {} cells", M.cols(), size()));
  return observer(M * K_);
}

}  // namespace specsweep::ribbon
