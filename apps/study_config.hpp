#pragma once
// The ribbon studies' parameters from a TOML file and from command-line flags: two loops over
// the study's parameter table (specsweep/ribbon/parameters.hpp), which also checks the values
// and knows their defaults. A flag overrides the file.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "specsweep/ribbon/parameters.hpp"

namespace specsweep::app {

/// The values a TOML file gives (source 0), each named "<file>: <section.key>". A row's key
/// `section.key` is written `key = ...` under `[section]`; the ribbons of a Column are one
/// `[[ribbon.strip]]` table each (width_nm, gap_nm after the first, ef_ratio = 1 unless given).
/// Anything not in the table is an error naming the file; an empty path gives no values.
std::vector<ribbon::Given> config_values(const std::string& path,
                                         const std::vector<const ribbon::ParameterInfo*>& rows);

/// One CLI11 option per row (flag, type, help with unit, rule and default), and --config,
/// --print-config. given() returns the values of the flags given (source 1).
class ParameterFlags {
 public:
  template <class S>
  ParameterFlags(CLI::App& cmd, const ribbon::Schema<S>& schema, const std::string& example)
      : ParameterFlags(cmd, infos(schema), defaults(schema), example) {}

  const std::string& config() const { return *config_; }
  bool print_config() const { return *print_; }
  /// The file's values, then the flags' (which override them).
  std::vector<ribbon::Given> given() const;

  /// The setup from the file and the flags, checked.
  template <class S>
  S assemble(const ribbon::Schema<S>& schema) const {
    return ribbon::assemble(schema, given());
  }

 private:
  ParameterFlags(CLI::App& cmd, std::vector<const ribbon::ParameterInfo*> rows,
                 const std::vector<std::string>& defaults, const std::string& example);

  template <class S>
  static std::vector<const ribbon::ParameterInfo*> infos(const ribbon::Schema<S>& schema) {
    std::vector<const ribbon::ParameterInfo*> v;
    for (const auto& p : schema.rows) v.push_back(&p);
    return v;
  }
  template <class S>
  static std::vector<std::string> defaults(const ribbon::Schema<S>& schema) {
    const S s;  // the setup's own initialisers are the defaults
    std::vector<std::string> v;
    for (const auto& p : schema.rows) v.push_back(ribbon::to_text(p.get(s)));
    return v;
  }

  CLI::App* cmd_;
  std::vector<const ribbon::ParameterInfo*> rows_;
  // Shared: CLI11 writes into them while parsing, after this object was copied into a callback.
  std::shared_ptr<std::vector<std::string>> text_ = std::make_shared<std::vector<std::string>>();
  std::shared_ptr<std::string> config_ = std::make_shared<std::string>();
  std::shared_ptr<bool> print_ = std::make_shared<bool>(false);
};

/// The parameters of a setup as a JSON object keyed by the rows' names (the Python keywords).
template <class S>
nlohmann::json parameters_json(const ribbon::Schema<S>& schema, const S& setup) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [p, v] : ribbon::values(schema, setup)) {
    if (const auto* i = std::get_if<Index>(&v))
      j[p->name] = *i;
    else if (const auto* d = std::get_if<double>(&v))
      j[p->name] = *d;
    else if (const auto* w = std::get_if<std::string>(&v))
      j[p->name] = *w;
    else if (const auto* l = std::get_if<std::vector<double>>(&v))
      j[p->name] = *l;
  }
  return j;
}

/// The rows of one group that apply, as "name = value, ..." ("eps_eff = 2.45", or the media
/// "substrate = data/sio2_kischkat2012.txt"): the surroundings a table's header names.
template <class S>
std::string group_text(const ribbon::Schema<S>& schema, const S& setup, const std::string& group) {
  std::string out;
  for (const auto& [p, v] : ribbon::values(schema, setup))
    if (p->group == group) out += (out.empty() ? "" : ", ") + p->name + " = " + ribbon::to_text(v);
  return out;
}

}  // namespace specsweep::app
