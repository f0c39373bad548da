"""The ribbon system a study ran on, as a plot title: shared by absorption.py, dispersion.py and
emitter.py. `p` is the parameters echo (the JSON keys are the Python keywords of the study's
parameter table): width_nm for one ribbon, or widths_nm, gaps_nm, ef_ratios, and period_nm for
an array; eps_eff, or substrate/superstrate for dispersive media."""


def _nums(values, unit=""):
    return ", ".join(f"{v:g}" for v in values) + (f" {unit}" if unit else "")


def geometry_title(p):
    """'W = 100 nm', 'W = 100, 60 nm, gap 15 nm, E_F ratios 1, 0.5' or
    'array: W = 100 nm, period L = 200 nm (W/L = 0.5)'."""
    widths = p.get("widths_nm")
    if widths is None:
        w = p.get("width_nm")
        widths = [w] if w is not None else []
    parts = []
    if widths:
        parts.append(("W = " if len(widths) == 1 else "widths ") + _nums(widths, "nm"))
    else:
        parts.append("lengths in W")
    gaps = p.get("gaps_nm") or []
    if gaps:
        parts.append(("gap " if len(gaps) == 1 else "gaps ") + _nums(gaps, "nm"))
    ratios = p.get("ef_ratios") or []
    if any(r != 1 for r in ratios):
        parts.append("$E_F$ ratios " + _nums(ratios))
    period = p.get("period_nm") or 0
    title = ", ".join(parts)
    if period > 0:
        span = sum(widths) + sum(gaps)
        title = f"array: {title}, period L = {period:g} nm"
        if len(widths) == 1:
            title += f" (W/L = {widths[0] / period:.3g})"
        elif span:
            title += f" (span/L = {span / period:.3g})"
    return title


def medium_title(p):
    """'$\\varepsilon_{eff}$ = 2.45', or the media above and below."""
    media = [(side, p[side]) for side in ("superstrate", "substrate") if side in p]
    if not media:
        return f"$\\varepsilon_{{eff}}$ = {p.get('eps_eff', float('nan')):g}"
    out = []
    for side, v in media:
        text = f"{v:g}" if isinstance(v, (int, float)) else str(v).rsplit("/", 1)[-1]
        if p.get(side + "_lorentz"):
            text += f" + {len(p[side + '_lorentz']) // 3} Lorentz"
        out.append(f"{side} {text}")
    return ", ".join(out)


def conductivity_title(p):
    """'drude', or 'rpa at 300 K'."""
    kind = p.get("conductivity", "drude")
    t = p.get("temperature_K", 0) or 0
    return f"{kind} at {t:g} K" if t > 0 else kind
