"""Graphene ribbon front end: A(q) = V(q) D(q) on N cells of u = x/W, its plasmon
modes, and the Drude shift EE(E_F, hw) of (I - EE A(q)) phi_tot = phi_ext.

    >>> from specsweep import ribbon, Resolvent
    >>> V, D = ribbon.operator(qW=0.5, cells=200)
    >>> r = Resolvent.from_product(V, D)          # symmetric-definite route, real spectrum
    >>> EE = ribbon.drude_prefactor(0.4, hw, 0.01, 2.45, 100.0)   # hw: array of energies [eV]
    >>> phi = r.solve(EE, phi_ext)                # (len(hw), 200)
    >>> eta = ribbon.modes(0.0, 400, count=3)     # [-0.0687, -0.0289, -0.0184]
    >>> ribbon.plasmon_energy(eta, 0.4, 2.45, 100.0)   # hw_j [eV]
    >>> ribbon.dispersion(qW=[0, 0.5], width_nm=100.0, fermi_eV=0.4)["modes"]      # study 1
    >>> ribbon.absorption([0.2, 0.4], hw, cells=400)["sigma_nm"]                 # study 2
    >>> ribbon.absorption([0.4], hw, widths_nm=[100], period_nm=200.0)["absorbance"]   # an array
    >>> ribbon.absorption([0.4], hw, substrate="data/sio2_kischkat2012.txt")     # on SiO2, vacuum above
    >>> ribbon.absorption([0.4], hw, substrate=3.9, substrate_lorentz=[(0.8, 0.13, 0.004)])
    >>> ribbon.emitter([0.2, 0.4], hw, emitter_z_nm=10.0)["P"]                   # study 3
    >>> ribbon.conductivity(fermi_eV=0.4, hw_eV=hw)["sigma"]                     # sigma~(hw)

The studies take the keywords of their parameter table, the same parameters as the CLI's
flags and TOML keys with the same defaults: ribbon.parameter_table("emitter") lists them,
ribbon.parameters("emitter", **keywords) shows what a call would use, and
ribbon.config("emitter", **keywords) writes it as a TOML file for `--config`.

Energies in eV, lengths in nm, Gaussian units (e^2 = 1.439965 eV nm).
"""
from ._specsweep import Resolvent as _Resolvent
from ._specsweep import ribbon as _core

operator = _core.operator
modes = _core.modes
plasmon_energy = _core.plasmon_energy
asymptotic_eta = _core.asymptotic_eta
drude_prefactor = _core.drude_prefactor
cell_centres = _core.cell_centres
dispersion = _core.dispersion
conductivity = _core.conductivity
parameters = _core.parameters
config = _core.config
parameter_table = _core.parameter_table


def _grids(fermi_eV, hw_eV, keywords):
    # The two grids may come first by position; unset, they take the table's defaults.
    if fermi_eV is not None:
        keywords["fermi_eV"] = fermi_eV
    if hw_eV is not None:
        keywords["hw_eV"] = hw_eV
    return keywords


def absorption(fermi_eV=None, hw_eV=None, **keywords):
    return _core.absorption(**_grids(fermi_eV, hw_eV, keywords))


def emitter(fermi_eV=None, hw_eV=None, **keywords):
    return _core.emitter(**_grids(fermi_eV, hw_eV, keywords))


absorption.__doc__ = _core.absorption.__doc__
emitter.__doc__ = _core.emitter.__doc__


def resolvent(qW, cells, method="auto", **options):
    """The engine's factorisation of A(qW) = V D through the symmetric-definite product."""
    V, D = operator(qW, cells)
    return _Resolvent.from_product(V, D, method, **options)


__all__ = ["operator", "modes", "plasmon_energy", "asymptotic_eta", "drude_prefactor",
           "cell_centres", "resolvent", "dispersion", "absorption", "emitter", "conductivity", "parameters",
           "config", "parameter_table"]
