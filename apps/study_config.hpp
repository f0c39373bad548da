#pragma once
// Parameters of the ribbon studies: numeric grids from a flag ("from:to:count" or "a,b,c")
// and TOML files with fixed [section] keys, where anything unknown is an error naming the file.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::app {

/// count evenly spaced values from `from` to `to` inclusive (just `from` when count is 1).
std::vector<double> linspace(double from, double to, Index count);

/// "from:to:count" (inclusive) or "a,b,c"; `what` (a flag or file key) names the source in errors.
std::vector<double> parse_grid(const std::string& text, const std::string& what);

using KnownKeys = std::map<std::string, std::set<std::string>>;

class StudyConfig {
 public:
  /// Parses and checks the file against `known`; an empty path means "no file" (every lookup
  /// then returns nullopt).
  StudyConfig(std::string path, const KnownKeys& known);

  [[noreturn]] void fail(const std::string& problem) const;
  const std::string& path() const { return path_; }

  std::optional<double> number(const char* section, const char* key) const;
  std::optional<Index> integer(const char* section, const char* key) const;
  std::optional<std::string> string(const char* section, const char* key) const;
  /// An array of numbers, or a table { from, to, count }.
  std::optional<std::vector<double>> grid(const char* section, const char* key) const;

 private:
  const toml::node* node(const char* section, const char* key) const;
  std::string path_;
  toml::table table_;
};

}  // namespace specsweep::app
