#pragma once
// Dielectric functions of the media above and below the ribbons, eps(hw) with time dependence
// e^{-i omega t} (Im eps >= 0 absorbs). The quasi-static kernel sees their mean,
// eps_eff(hw) = (eps_above + eps_below)/2, so the sweep still has one scalar shift per (E_F, hw).
// Polar substrates (SiO2, hBN) put optical phonons inside the plasmon band: the poles of a
// Lorentz eps make the ribbon plasmon anticross with them.
#include <optional>
#include <string>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// One Lorentz oscillator: strength * hw0^2 / (hw0^2 - hw^2 - i gamma hw).
struct LorentzOscillator {
  double strength;   ///< Delta eps (>= 0): the step of Re eps across the resonance
  double hw0_eV;     ///< transverse resonance energy (> 0)
  double gamma_eV;   ///< damping (>= 0)
};

class Permittivity {
 public:
  /// eps = value (real, > 0): a lossless, non-dispersive medium.
  static Permittivity constant(double value);
  /// eps(hw) = eps_inf + sum_k S_k hw_k^2 / (hw_k^2 - hw^2 - i gamma_k hw).
  static Permittivity lorentz(double eps_inf, std::vector<LorentzOscillator> oscillators);
  /// Tabulated eps: hw strictly increasing (> 0), eps at each point; linear interpolation in
  /// hw of Re and Im. Asking outside [hw.front(), hw.back()] throws Error: no extrapolation.
  static Permittivity table(std::vector<double> hw_eV, std::vector<cplx> eps, std::string source = "table");
  /// A table file: lines "hw_eV Re_eps Im_eps", '#' starts a comment, blank lines ignored. Any
  /// other content, fewer than 2 rows, non-increasing hw or a non-finite value throws Error
  /// naming the file and line.
  static Permittivity read_table(const std::string& path);

  /// eps(hw) for hw > 0.
  cplx operator()(double hw_eV) const;
  bool is_constant() const { return kind_ == Kind::Constant; }
  /// Whether eps(hw) is defined there: a table covers [first, last] of its hw, the others all hw > 0.
  bool covers(double hw_eV) const;
  /// Where the table came from ("constant", "lorentz", the file name).
  const std::string& source() const { return source_; }

 private:
  enum class Kind { Constant, Lorentz, Table };
  Kind kind_ = Kind::Constant;
  double value_ = 1;  // constant, or eps_inf
  std::vector<LorentzOscillator> oscillators_;
  std::vector<double> hw_;
  std::vector<cplx> eps_;
  std::string source_ = "constant";
};

/// The media on both sides of the ribbon plane; eps_eff is their mean. Incidence (for the
/// array's absorbance) is from above, refractive index n = sqrt(eps).
struct Surroundings {
  Permittivity above = Permittivity::constant(1.0);
  Permittivity below = Permittivity::constant(1.0);

  cplx eps_eff(double hw_eV) const { return 0.5 * (above(hw_eV) + below(hw_eV)); }
  /// A uniform medium: above = below = eps (so eps_eff = eps).
  static Surroundings uniform(double eps);
};

/// A medium as a study's parameters describe it (parameters.hpp: ribbon.substrate,
/// ribbon.substrate_lorentz, ...): not given, a constant eps, Lorentz oscillators over a
/// background eps (then eps_inf), or a table read from a file.
struct MediumSpec {
  std::optional<double> eps;                   ///< the constant eps; with oscillators, eps_inf
  std::vector<LorentzOscillator> oscillators;  ///< added to eps (which they need)
  std::optional<Permittivity> table;           ///< read_table of a file: the whole eps, instead of eps

  bool given() const { return eps || table || !oscillators.empty(); }
  /// The permittivity described; a medium not given is vacuum (eps = 1).
  /// @throws Error as Permittivity::constant / lorentz for invalid values
  Permittivity permittivity() const;
};

}  // namespace specsweep::ribbon
