"""Valid form submissions for a listing's parts, shared by the editor tests; override one field to test it."""


def location_data(**overrides: object) -> dict[str, object]:
    return {
        "attendance": "physical",
        "name": "Oaklands Park community hall",
        "address_1": "1 Park Road",
        "city": "Chelmsford",
        "county": "Essex",
        "postcode": "CM1 1AA",
        "wheelchair_accessible": "yes",
        "accessibility_notes": "Step-free entrance at the side",
        **overrides,
    }


def schedule_data(**overrides: object) -> dict[str, object]:
    return {
        "days": ["WE"],
        "repeat": "weekly",
        "week_of_month": "",
        "opens_at": "10:00",
        "closes_at": "11:30",
        "valid_from_0": "",
        "valid_from_1": "",
        "valid_from_2": "",
        "valid_to_0": "",
        "valid_to_1": "",
        "valid_to_2": "",
        "notes": "",
        **overrides,
    }


def cost_data(**overrides: object) -> dict[str, object]:
    return {"option": "Per session", "amount": "3.00", "amount_description": "", **overrides}
