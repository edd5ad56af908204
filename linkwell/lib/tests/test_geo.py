import math

import pytest

from linkwell.lib.geo import EARTH_RADIUS_KM, bounding_box, distance_km

CHELMSFORD = (51.7356, 0.4685)
COLCHESTER = (51.8892, 0.9042)


def destination(lat: float, lon: float, bearing_degrees: float, km: float) -> tuple[float, float]:
    """The point km along a great circle from (lat, lon): the inverse of distance_km, to test against."""
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing_degrees)
    delta = km / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi), math.cos(delta) - math.sin(phi) * math.sin(phi2)
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def test_one_degree_of_latitude_is_about_111_km():
    assert distance_km(51.0, 0.5, 52.0, 0.5) == pytest.approx(111.195, abs=0.01)


def test_one_degree_of_longitude_on_the_equator_is_also_about_111_km():
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.01)


def test_one_degree_of_longitude_shrinks_with_the_cosine_of_latitude():
    assert distance_km(60.0, 0.0, 60.0, 1.0) == pytest.approx(111.195 * 0.5, rel=1e-3)


def test_chelmsford_to_colchester_agrees_with_the_spherical_law_of_cosines():
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (CHELMSFORD, COLCHESTER))
    central_angle = math.acos(math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1))
    assert distance_km(*CHELMSFORD, *COLCHESTER) == pytest.approx(central_angle * EARTH_RADIUS_KM, rel=1e-9)
    assert distance_km(*CHELMSFORD, *COLCHESTER) == pytest.approx(34.5, abs=0.1)


def test_distance_is_symmetric_and_zero_to_itself():
    assert distance_km(*CHELMSFORD, *COLCHESTER) == distance_km(*COLCHESTER, *CHELMSFORD)
    assert distance_km(*CHELMSFORD, *CHELMSFORD) == 0.0


def test_distance_across_the_greenwich_meridian_is_short():
    assert distance_km(51.5, -0.01, 51.5, 0.01) == pytest.approx(1.39, abs=0.01)


def test_antipodal_points_are_half_the_circumference_apart():
    assert distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert distance_km(90.0, 0.0, -90.0, 0.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def inside(box: tuple[float, float, float, float], point: tuple[float, float]) -> bool:
    min_lat, max_lat, min_lon, max_lon = box
    return min_lat <= point[0] <= max_lat and min_lon <= point[1] <= max_lon


@pytest.mark.parametrize("radius_km", [0.5, 5.0, 25.0, 500.0])
@pytest.mark.parametrize("centre", [CHELMSFORD, (0.0, 0.0), (-33.9, 151.2), (70.0, 25.0)])
def test_bounding_box_contains_points_at_the_radius_in_every_direction(centre: tuple[float, float], radius_km: float):
    box = bounding_box(*centre, radius_km)
    for bearing in range(0, 360, 5):
        edge = destination(*centre, bearing, radius_km)
        assert distance_km(*centre, *edge) == pytest.approx(radius_km)
        assert inside(box, edge), (bearing, edge, box)


def test_bounding_box_reaches_exactly_the_radius_north_and_south():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*CHELMSFORD, 10.0)
    assert distance_km(*CHELMSFORD, max_lat, CHELMSFORD[1]) == pytest.approx(10.0)
    assert distance_km(*CHELMSFORD, min_lat, CHELMSFORD[1]) == pytest.approx(10.0)
    assert min_lon < CHELMSFORD[1] < max_lon


def test_bounding_box_is_not_much_bigger_than_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*CHELMSFORD, 10.0)
    assert distance_km(*CHELMSFORD, CHELMSFORD[0], max_lon) == pytest.approx(10.0, rel=0.01)
    assert not inside((min_lat, max_lat, min_lon, max_lon), destination(*CHELMSFORD, 45, 15.0))


def test_bounding_box_of_zero_radius_is_the_point():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*CHELMSFORD, 0.0)
    assert min_lat == pytest.approx(max_lat)
    assert min_lon == pytest.approx(max_lon)
    assert inside((min_lat, max_lat, min_lon, max_lon), CHELMSFORD)


def test_bounding_box_around_a_pole_takes_every_longitude():
    min_lat, max_lat, min_lon, max_lon = bounding_box(89.95, 10.0, 20.0)
    assert min_lat == pytest.approx(89.77, abs=0.01)
    assert (max_lat, min_lon, max_lon) == (90.0, -180.0, 180.0)


def test_bounding_box_across_the_date_line_takes_every_longitude():
    min_lat, max_lat, min_lon, max_lon = bounding_box(0.0, 179.99, 5.0)
    assert (min_lon, max_lon) == (-180.0, 180.0)
    assert inside((min_lat, max_lat, min_lon, max_lon), destination(0.0, 179.99, 90, 5.0))


def test_bounding_box_refuses_a_negative_radius():
    with pytest.raises(ValueError, match="radius_km"):
        bounding_box(*CHELMSFORD, -1.0)
