"""Great-circle distances on a spherical Earth. Pure: no database.

A sphere is within 0.5% of the ellipsoid everywhere, which is far finer than "within 5 km of you".
"""

import math

# The IUGG mean Earth radius.
EARTH_RADIUS_KM = 6371.0088

# Widens the box by about a tenth of a millimetre, so floating-point rounding never drops a point
# that lies exactly on the circle.
_ROUNDING_MARGIN_DEGREES = 1e-9


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance between two WGS84 points in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    # min() keeps asin in its domain when rounding pushes antipodal points a hair over 1.
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) containing every point within radius_km of (lat, lon).

    Meant as a cheap index prefilter before distance_km. Near a pole, or where the circle crosses the
    180° meridian, the box takes in every longitude: wider than needed, but one range and never short.
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    angular_radius = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular_radius) + _ROUNDING_MARGIN_DEGREES
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    # The widest longitude a circle on a sphere reaches is asin(sin r / cos φ), not r / cos φ: the
    # extreme lies poleward of the centre's parallel.
    spread = math.sin(angular_radius) / math.cos(math.radians(lat))
    if spread >= 1:
        return min_lat, max_lat, -180.0, 180.0
    dlon = math.degrees(math.asin(spread)) + _ROUNDING_MARGIN_DEGREES
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180 or max_lon > 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, min_lon, max_lon
