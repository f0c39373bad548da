#include "specsweep/method.hpp"

#include "specsweep/error.hpp"

namespace specsweep {

std::string to_string(Method m) {
  switch (m) {
    case Method::Auto: return "auto";
    case Method::Direct: return "direct";
    case Method::Eig: return "eig";
    case Method::Schur: return "schur";
    case Method::Hessenberg: return "hessenberg";
    case Method::Qz: return "qz";
    case Method::BlockDiagonal: return "block-diagonal";
  }
  return "?";
}

std::string to_string(Route r) {
  switch (r) {
    case Route::Direct: return "direct";
    case Route::Eig: return "eig";
    case Route::EigHermitian: return "eig-hermitian";
    case Route::EigSymmetricDefinite: return "eig-symmetric-definite";
    case Route::Schur: return "schur";
    case Route::Hessenberg: return "hessenberg";
    case Route::Qz: return "qz";
    case Route::BlockDiagonal: return "block-diagonal";
  }
  return "?";
}

Method parse_method(std::string_view name) {
  for (Method m : {Method::Auto, Method::Direct, Method::Eig, Method::Schur, Method::Hessenberg,
                   Method::BlockDiagonal, Method::Qz})
    if (name == to_string(m)) return m;
  throw Error("unknown method '" + std::string(name) +
              "' (expected auto, direct, eig, schur, hessenberg, block-diagonal or qz)");
}

}  // namespace specsweep
