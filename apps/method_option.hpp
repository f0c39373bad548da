#pragma once
// The --method option's validator, shared by the subcommands that take a route name.
#include <CLI/CLI.hpp>
#include <string>

#include "specsweep/error.hpp"
#include "specsweep/method.hpp"

namespace specsweep::app {

/// Accepts what parse_method accepts; otherwise CLI11 reports parse_method's message.
inline CLI::Validator method_validator() {
  return CLI::Validator(
      [](std::string& name) {
        try {
          parse_method(name);
          return std::string();
        } catch (const Error& e) {
          return std::string(e.what());
        }
      },
      "auto|direct|eig|schur|hessenberg|block-diagonal|qz");
}

}  // namespace specsweep::app
