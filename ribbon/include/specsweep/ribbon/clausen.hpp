#pragma once
// Clausen functions, which integrate the periodic Coulomb kernel of a ribbon array:
//   Cl2(theta) = -int_0^theta ln|2 sin(t/2)| dt = sum_k sin(k theta)/k^2        (odd, 2 pi periodic)
//   Cl3(theta) = sum_k cos(k theta)/k^3 = zeta(3) - int_0^theta Cl2             (even, 2 pi periodic)
// Both from the series about 0 after reducing theta to (-pi, pi]:
//   Cl2(theta) = theta - theta ln|theta| + sum_n a_n theta^(2n+1) / (n (2n+1)),
//   a_n = zeta(2n)/(2 pi)^(2n) = |B_2n| / (2 (2n)!),  ratio of terms <= 1/4 on |theta| <= pi.
// Accuracy: absolute error below 4e-16 (Cl2) and 1e-15 (Cl3) over a period, tested against
// Gieseking's and Catalan's constants, zeta(3) identities and quadrature. Cost: ~25 terms.
namespace specsweep::ribbon {

/// Cl2(theta) for any finite theta.
double clausen_cl2(double theta);

/// Cl3(theta) for any finite theta.
double clausen_cl3(double theta);

/// int_0^theta Cl2 = zeta(3) - Cl3(theta), computed without the cancellation near theta = 0
/// (it is (3/4 - ln|theta|/2) theta^2 + O(theta^4) there). Even and 2 pi periodic.
double clausen_cl2_integral(double theta);

}  // namespace specsweep::ribbon
