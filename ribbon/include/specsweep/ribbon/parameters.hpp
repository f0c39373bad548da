#pragma once
// One parameter table per ribbon study (modes, absorption, emitter, conductivity). A row names a
// parameter once: its name (the Python keyword and the JSON key), its TOML key, its command-line
// flag, its unit, its check and its help. Its default is the study setup's own member initialiser,
// read through the row's member pointer, so no front end holds a default of its own.
//
// Every view is a loop over the table: the TOML reader and the CLI flags (apps/), the Python
// keywords (python/), and here the checks, the JSON/Python echo (values) and the TOML echo
// (to_toml), which is also the MPI fingerprint. A front end only turns its native values into
// Given entries; assemble() applies them over the defaults and checks the result, naming the
// origin the front end gave ("--width", "<file>: ribbon.width_nm", "width_nm").
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "specsweep/ribbon/absorption.hpp"
#include "specsweep/ribbon/conductivity_study.hpp"
#include "specsweep/ribbon/emitter.hpp"
#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/ribbon/grid.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// Command-line text, parsed by the row's kind: "100", "0.1:0.6:11", "100,80", "average".
struct Text {
  std::string text;
};

/// A parameter value as a front end hands it over, and as values() reports it:
/// nothing (unset, Python None), an integer, a number, a word (a choice, "average", a file
/// name), a list of numbers, or command-line text.
using Value = std::variant<std::monostate, Index, double, std::string, std::vector<double>, Text>;

enum class ParameterKind {
  Integer,   ///< Index
  Number,    ///< double
  Optional,  ///< std::optional<double>; unset is words[0] ("average") or left out
  List,      ///< std::vector<double>: a list, or from:to:count ({ from, to, count } in TOML)
  Word,      ///< one of `words` (an enum of the setup)
  Column,    ///< one number per ribbon of the geometry (`between`: per gap, R - 1 of them)
  Table,     ///< one number per hw: a list, or a file of two columns (hw_eV, value)
  Medium,    ///< a MediumSpec's eps: a number (double), or a permittivity table file (std::string)
  Oscillators,  ///< a MediumSpec's Lorentz oscillators: std::vector<double> of
                ///< (strength, hw0_eV, gamma_eV) triples; in TOML one table each (oscillator_fields)
};

/// The keys of one Lorentz oscillator in TOML ([[ribbon.substrate_lorentz]] strength = ...), in
/// the order of the triples of an Oscillators value.
inline constexpr const char* oscillator_fields[3] = {"strength", "hw0_eV", "gamma_eV"};

/// A rule every number of a value must satisfy; `rule` reads "must be <rule>".
struct Check {
  std::string rule;  ///< "> 0", ">= 0", "in [2, 20000]", "finite", ...
  std::function<bool(double)> ok;
};

/// The part of a row that does not depend on the setup type.
struct ParameterInfo {
  std::string name;   ///< Python keyword and JSON key: "width_nm"
  std::string key;    ///< TOML "section.key"; for a Column "ribbon.strip.<key in each entry>"
  std::string flag;   ///< command line: "--width"
  std::string label;  ///< in messages: "width"
  std::string unit;   ///< "nm", "eV", "K", or "" (dimensionless)
  std::string help;
  ParameterKind kind = ParameterKind::Number;
  Check check;                     ///< every number of the value must pass
  bool increasing = false;         ///< List: strictly increasing
  std::vector<std::string> words;  ///< Word: the choices; Optional: the word for unset, if any
  std::string group;               ///< rows of one group spell one quantity: give one of them
  /// Rows of a group with the same non-empty `together` go together (the substrate and the
  /// superstrate); each excludes the group's other rows (the constant eps_eff).
  std::string together;
  bool between = false;            ///< Column: one value per gap between ribbons

  /// Whether giving both is an error (see group, together).
  bool excludes(const ParameterInfo& other) const;
  /// "width (nm)", or the label alone without a unit.
  std::string label_with_unit() const;
  /// "FLOAT", "INT", "LIST", "drude|rpa", ... for --help.
  std::string type_name() const;
};

template <class Setup>
struct Parameter : ParameterInfo {
  /// The current value, canonical for the kind (Index, double, std::string, std::vector<double>);
  /// std::monostate when the row does not apply (an unset Optional without a word, a Column of
  /// a one-ribbon setup, the one-ribbon width of a several-ribbon setup).
  std::function<Value(const Setup&)> get;
  /// Stores a canonical value (as get returns it); Table rows also take a file name.
  std::function<void(Setup&, const Value&)> set;
  double RibbonSpec::*column = nullptr;  ///< Column: the field of each ribbon
};

/// A problem with one parameter: its row name and a sentence ("width (nm) must be > 0, got -5").
struct Problem {
  std::string name;
  std::string text;
};

template <class Setup>
struct Schema {
  std::string study;  ///< "modes", "absorption", "emitter"
  std::vector<Parameter<Setup>> rows;
  /// Rules between parameters of this study (beyond the geometry's), first problem or none.
  std::function<std::optional<Problem>(const Setup&)> consistency;

  const Parameter<Setup>* find(std::string_view name) const;
};

const Schema<ModesSetup>& modes_parameters();
const Schema<AbsorptionSetup>& absorption_parameters();
const Schema<EmitterSetup>& emitter_parameters();
const Schema<ConductivitySetup>& conductivity_parameters();

/// One value from a front end. A higher source overrides a lower one for the same row (a
/// file is 0, flags are 1); two rows of one group from the same source are an error.
struct Given {
  std::string name;  ///< the row's name
  Value value;
  std::string origin;  ///< where it came from, as the front end says it: starts every message
  int source = 0;
};

/// The setup: defaults, then every Given, then every check (the rows', the geometry's, the
/// study's). Throws Error("<origin>: <problem>"); a row that was not given is named by its TOML
/// key. Cost: O(total size of the values).
template <class Setup>
Setup assemble(const Schema<Setup>& schema, const std::vector<Given>& given);

/// The first problem of a setup (the rows', the geometry's: first_problem of its RibbonSystem,
/// the study's), or none. The studies' validate() throws it.
template <class Setup>
std::optional<Problem> first_problem(const Schema<Setup>& schema, const Setup& setup);

/// Every row that applies with its value (see Parameter::get), in table order: the echo that
/// JSON and Python print. Feeding these back as Given gives the same setup.
template <class Setup>
std::vector<std::pair<const Parameter<Setup>*, Value>> values(const Schema<Setup>& schema,
                                                              const Setup& setup);

/// The setup as TOML, one `section.key = value` line per row (numbers in shortest round-trip
/// form, an evenly spaced list as { from, to, count } when that reproduces it bit for bit, the
/// ribbons as one ribbon.strip = [...] line, an unset row as a comment). Reading it back gives
/// the same setup; equal setups give equal text, so it is also the MPI fingerprint.
template <class Setup>
std::string to_toml(const Schema<Setup>& schema, const Setup& setup);

/// A value in command-line syntax ("100", "0.2,0.4", "0.05:0.4:351", "average"), for --help.
std::string to_text(const Value& v);

/// "from:to:count" (inclusive) or "a,b,c"; `what` names the source in errors.
std::vector<double> parse_grid(const std::string& text, const std::string& what);

/// The ribbons a setup describes: its geometry, or one ribbon of W_0 when it lists none.
Geometry geometry_of(const AbsorptionSetup& setup);
Geometry geometry_of(const EmitterSetup& setup);
/// Without a width the modes are in units of W_0 = 1.
Geometry geometry_of(const ModesSetup& setup);

/// The system a study runs on: geometry_of(setup), its conductivity and cells per ribbon, and the
/// automatic discretisation (collocation for one isolated ribbon: the single-ribbon model).
RibbonSystem system_of(const AbsorptionSetup& setup);
RibbonSystem system_of(const EmitterSetup& setup);
RibbonSystem system_of(const ModesSetup& setup);

/// The media around the ribbons: the substrate and superstrate when either is given (a side
/// not given is vacuum), else eps_eff on both sides. Reads nothing: a table file was read when
/// the parameter was set.
Surroundings surroundings_of(const AbsorptionSetup& setup);
Surroundings surroundings_of(const EmitterSetup& setup);

std::string to_string(Conductivity c);
std::string to_string(EmitterObservable o);

}  // namespace specsweep::ribbon
