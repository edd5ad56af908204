"""Demo directory data, part one: the shapes, the organisations and the places.

Everything here is fictional: the organisations, the people, the charity numbers, the phone numbers
(Ofcom's drama ranges 01632 960xxx and 07700 900xxx), the email addresses and websites (example.org)
and the house numbers. Town names, street names and postcode districts are real, so that searching
by place and distance behaves as it would with real listings. The services are in
demo_services_more.py (activity, arts, company and nature) and demo_services_support.py (advice
and support); directory.demo loads them all.
"""

import uuid
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from linkwell.directory.models import CapacityStatus, Frequency, PublicationState, ReferralMethod, ServiceStatus

# Ids are uuid5 of a kind and a slug in this namespace, so reloading finds the same rows and the
# ids in ORUK feeds and bookmarked links never change.
NAMESPACE = uuid.UUID("4b51546a-6e45-41d7-ac03-237c7d22f203")

# The accounts demo's community provider: its user (tom.reid@example.org) may edit these listings.
PROVIDER_ORGANISATION = "chelmsford-walking-friends"


def demo_id(kind: str, slug: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}/{slug}")


@dataclass(frozen=True)
class DemoOrganization:
    slug: str
    name: str
    phone: str
    # An England and Wales charity number (GB-CHC), or "". All are fictional: the 1999xxx range is
    # far beyond any number the Charity Commission has issued, so none can belong to a real charity.
    charity_number: str
    description: str
    legal_status: str = "Registered charity"
    parent: str = ""
    funding: tuple[str, ...] = ()
    # The slug of the accounts Organisation whose provider users manage these listings.
    managed_by: str = ""

    @property
    def email(self) -> str:
        return f"hello@{self.slug}.example.org"

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example.org"


@dataclass(frozen=True)
class Access:
    wheelchair_accessible: bool
    notes: tuple[str, ...]


@dataclass(frozen=True)
class DemoLocation:
    slug: str
    name: str
    address: str
    city: str
    postcode: str
    latitude: float | None
    longitude: float | None
    access: Access
    transport: str = ""
    # Virtual locations (a phone line, a video call) have a url or a description instead of an address.
    virtual: bool = False
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class DemoSchedule:
    byday: str
    opens_at: time
    closes_at: time
    freq: Frequency = Frequency.WEEKLY
    interval: int = 1
    dtstart: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class DemoCost:
    option: str
    amount: Decimal | None
    description: str = ""


@dataclass(frozen=True)
class Capacity:
    status: CapacityStatus
    available: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class DemoService:
    slug: str
    organization: str
    name: str
    # Sub-category names from directory.taxonomy (each is unique), or a top-level name.
    categories: tuple[str, ...]
    locations: tuple[str, ...]
    schedules: tuple[DemoSchedule, ...]
    description: str
    # What happens on the first visit and what to bring (HSDS application_process).
    first_visit: str = ""
    costs: tuple[DemoCost, ...] = ()
    eligibility: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    # ISO 639 codes; directory.demo names them.
    languages: tuple[str, ...] = ("en",)
    referral: ReferralMethod = ReferralMethod.SIGNPOST
    referral_notes: str = ""
    capacity: Capacity | None = None
    state: PublicationState = PublicationState.PUBLISHED
    status: ServiceStatus = ServiceStatus.ACTIVE
    alert: str = ""
    # None: a stable spread over the past year, worked out from the slug (see directory.demo).
    verified_days_ago: int | None = None
    review_months: int = 12
    # A named coordinator: (name, job title).
    contact: tuple[str, str] | None = None
    phone: str = ""
    area: str = ""
    interpretation: str = ""


# Short names keep the service literals readable.
LINKWELL, EMAIL, PHONE, SIGNPOST = (
    ReferralMethod.LINKWELL,
    ReferralMethod.EMAIL,
    ReferralMethod.PHONE,
    ReferralMethod.SIGNPOST,
)
DRAFT, ARCHIVED = PublicationState.DRAFT, PublicationState.ARCHIVED
TEMPORARILY_CLOSED = ServiceStatus.TEMPORARILY_CLOSED
FREE: tuple[DemoCost, ...] = ()


def _time(text: str) -> time:
    return time.fromisoformat(text)


def weekly(byday: str, opens: str, closes: str, notes: str = "") -> DemoSchedule:
    return DemoSchedule(byday, _time(opens), _time(closes), notes=notes)


def fortnightly(byday: str, opens: str, closes: str, first: str, notes: str = "") -> DemoSchedule:
    """Every other week, counted from `first` (a date on that weekday)."""
    start = date.fromisoformat(first)
    if start.strftime("%a")[:2].upper() != byday:
        raise ValueError(f"{first} is not a {byday}")
    return DemoSchedule(byday, _time(opens), _time(closes), interval=2, dtstart=start, notes=notes)


def monthly(byday: str, opens: str, closes: str, notes: str = "") -> DemoSchedule:
    """On an nth weekday of the month: 1MO is the first Monday, -1FR the last Friday."""
    return DemoSchedule(byday, _time(opens), _time(closes), freq=Frequency.MONTHLY, notes=notes)


def per_session(amount: str, option: str = "Per session") -> DemoCost:
    return DemoCost(option, Decimal(amount))


def course(amount: str, weeks: int) -> DemoCost:
    return DemoCost(f"{weeks}-week course", Decimal(amount), f"£{amount} for the {weeks} weeks")


def donation(amount: str) -> DemoCost:
    # A suggested donation is not a charge (nobody is turned away), so it has no amount and the
    # service still counts as free.
    return DemoCost("Suggested donation", None, f"£{amount} suggested donation; nobody is turned away")


STEP_FREE = Access(True, ("Step-free access", "Accessible toilet"))
STEP_FREE_LOOP = Access(True, ("Step-free access", "Accessible toilet", "Hearing loop"))
LEVEL_PATHS = Access(True, ("Level tarmac paths", "Accessible toilet nearby"))
RAMP = Access(True, ("Ramp at the side entrance", "Accessible toilet"))
POOL = Access(True, ("Step-free access", "Pool hoist", "Accessible changing room"))
RAISED_BEDS = Access(True, ("Firm level paths", "Raised beds at wheelchair height", "Accessible toilet"))
SEA_WALL = Access(True, ("Ramp up to the sea wall path", "Accessible toilet in the beach café"))
STAIRS = Access(False, ("First floor, reached by stairs; there is no lift",))
STEPS = Access(False, ("Three steps at the entrance; no ramp", "No accessible toilet"))
ROUGH_GROUND = Access(False, ("Uneven grass and woodland paths that can be muddy",))
BEACH = Access(False, ("Steps down to the beach", "No changing room: bring a robe"))
NOT_APPLICABLE = Access(False, ())


def place(
    slug: str,
    name: str,
    address: str,
    city: str,
    postcode: str,
    latitude: float,
    longitude: float,
    access: Access,
    transport: str = "",
) -> DemoLocation:
    return DemoLocation(slug, name, address, city, postcode, latitude, longitude, access, transport)


def virtual(slug: str, name: str, description: str, url: str = "") -> DemoLocation:
    return DemoLocation(
        slug, name, "", "", "", None, None, NOT_APPLICABLE, virtual=True, url=url, description=description
    )


GROUP = "Unincorporated community group"
CIC = "Community interest company"
CIO = "Charitable incorporated organisation"
COUNCIL = "Local authority"

# The tables below keep one record to two or three lines so they read as tables; the formatter
# would spread every record over a dozen lines.
# fmt: off
ORGANIZATIONS: list[DemoOrganization] = [
    DemoOrganization("chelmsford-walking-friends", "Chelmsford Walking Friends", "07700 900101", "",
        "A volunteer-led walking group that has been getting people out and about in Chelmsford since 2009.",
        legal_status=GROUP, managed_by=PROVIDER_ORGANISATION),
    DemoOrganization("chelmer-active-ageing", "Chelmer Active Ageing", "01632 960201", "1999001",
        "Helps people over 50 in and around Chelmsford stay active, steady on their feet and connected.",
        funding=("Chelmer District Council community grant",)),
    DemoOrganization("chelmer-voluntary-action", "Chelmer Voluntary Action", "01632 960202", "1999002",
        "The council for voluntary service for the Chelmer district: volunteering, befriending and transport."),
    DemoOrganization("chelmer-district-council", "Chelmer District Council", "01632 960203", "",
        "The district council's community wellbeing team.", legal_status=COUNCIL),
    DemoOrganization("estuary-county-council", "Estuary County Council", "01632 960204", "",
        "The county council: libraries, adult community learning and trading standards.", legal_status=COUNCIL),
    DemoOrganization("estuary-libraries", "Estuary Libraries", "01632 960205", "",
        "The county's public libraries: reading groups, rhyme times and help getting online.",
        legal_status=COUNCIL, parent="estuary-county-council"),
    DemoOrganization("estuary-adult-learning", "Estuary Adult Community Learning", "01632 960206", "",
        "Part-time courses for adults across the county, many free for people on low incomes.",
        legal_status=COUNCIL, parent="estuary-county-council"),
    DemoOrganization("chelmer-advice-centre", "Chelmer Advice Centre", "01632 960207", "1999003",
        "Free, independent and confidential advice on money, benefits, work, housing and consumer problems.",
        funding=("Chelmer District Council advice services contract",)),
    DemoOrganization("chelmer-minds-matter", "Chelmer Minds Matter", "01632 960208", "1999004",
        "A local mental health charity offering counselling, courses and peer support.",
        funding=("Essex Estuary Integrated Care Board",)),
    DemoOrganization("moulsham-mens-shed", "Moulsham Men's Shed", "07700 900102", "1999005",
        "A community workshop where people make, mend and chat over a brew.", legal_status=CIO),
    DemoOrganization("chelmer-carers-network", "Chelmer Carers Network", "01632 960209", "1999006",
        "Information, breaks and a friendly ear for unpaid carers in mid Essex."),
    DemoOrganization("chelmer-valley-food-bank", "Chelmer Valley Food Bank", "01632 960210", "1999007",
        "Emergency food for local people in crisis, run by volunteers from local churches."),
    DemoOrganization("springfield-green-church", "Springfield Green Community Church", "01632 960211", "1999008",
        "A local church whose hall hosts lunch clubs, exercise classes and groups open to everyone."),
    DemoOrganization("chelmer-growing-together", "Chelmer Growing Together", "07700 900103", "",
        "A community interest company running therapeutic growing spaces in Chelmsford.", legal_status=CIC),
    DemoOrganization("chelmer-sings", "Chelmer Sings", "07700 900104", "",
        "A friendly, no-audition community choir.", legal_status=GROUP),
    DemoOrganization("riverside-tai-chi-circle", "Riverside Tai Chi Circle", "07700 900105", "",
        "Volunteer instructors teaching tai chi for health to beginners.", legal_status=GROUP),
    DemoOrganization("memory-lane-cafes", "Memory Lane Cafés Essex", "01632 960212", "1999009",
        "Memory cafés and singing groups for people living with dementia and the people who care for them."),
    DemoOrganization("chelmer-yoga-collective", "Chelmer Yoga Collective", "07700 900123", "",
        "Qualified teachers offering low-cost, adapted yoga and pilates.", legal_status=CIC),
    DemoOrganization("riverside-leisure-trust", "Riverside Leisure Trust", "01632 960248", "1999042",
        "A not-for-profit leisure trust running pools and exercise referral schemes across Essex."),
    DemoOrganization("next-step-employment", "Next Step Employment Trust", "01632 960242", "1999037",
        "Free help into work: job clubs, careers guidance and in-work support."),
    DemoOrganization("chelmer-bengali-association", "Chelmer Bengali Cultural Association", "01632 960244", "1999039",
        "Brings together Bengali families in mid Essex for culture, language and mutual support."),
    DemoOrganization("sweet-talk-diabetes", "Sweet Talk Diabetes Group", "07700 900117", "",
        "A peer support group for people living with type 1 or type 2 diabetes.", legal_status=GROUP),
    DemoOrganization("cedar-tree-bereavement", "Cedar Tree Bereavement Support", "01632 960236", "1999031",
        "Bereavement counselling and groups for adults across Essex."),
    DemoOrganization("basildon-together", "Basildon Together Community Hub", "01632 960213", "1999010",
        "A community hub in Basildon town centre with a food bank, lunch club, job club and activities."),
    DemoOrganization("basildon-money-advice", "Basildon Money Advice Project", "01632 960214", "1999011",
        "Specialist debt and benefits advice for Basildon, Billericay and Wickford."),
    DemoOrganization("basildon-strollers", "Basildon Strollers", "07700 900106", "",
        "Free, friendly led walks around Basildon's parks.", legal_status=GROUP),
    DemoOrganization("basildon-youth-collective", "Basildon Youth Collective", "01632 960215", "1999012",
        "Youth work, drama and mentoring for young people aged 11 to 18."),
    DemoOrganization("breathe-well-basildon", "Breathe Well Basildon", "07700 900118", "",
        "Support and singing for people living with COPD and other lung conditions.", legal_status=GROUP),
    DemoOrganization("kingswood-fellowship", "Kingswood Fellowship", "01632 960249", "1999043",
        "A Basildon church offering a warm space, a community meal and practical help to everyone."),
    DemoOrganization("family-roots-essex", "Family Roots Essex", "01632 960239", "1999034",
        "Parenting courses, stay-and-play groups and family support in south Essex."),
    DemoOrganization("shoreline-wellbeing", "Shoreline Wellbeing Collective", "01632 960216", "1999013",
        "A Southend wellbeing charity running peer support, arts and social groups.",
        funding=("Essex Estuary Integrated Care Board", "Shoreline Community Foundation",)),
    DemoOrganization("southend-seafront-walkers", "Seafront Walkers Southend", "07700 900107", "",
        "Led walks along the seafront for all abilities.", legal_status=GROUP),
    DemoOrganization("leigh-old-town-artists", "Leigh Old Town Art Group", "07700 900108", "",
        "Artists and beginners sharing a studio in Leigh-on-Sea.", legal_status=GROUP),
    DemoOrganization("westcliff-community-kitchen", "Westcliff Community Kitchen", "01632 960217", "1999014",
        "A community café, fridge and cookery school in Westcliff-on-Sea."),
    DemoOrganization("estuary-recovery-network", "Estuary Recovery Network", "01632 960218", "1999015",
        "Free, confidential support for anyone worried about their drinking or drug use."),
    DemoOrganization("pier-hill-housing-advice", "Pier Hill Housing Advice", "01632 960219", "1999016",
        "Independent housing advice for tenants, homeowners and people at risk of homelessness."),
    DemoOrganization("polish-community-southend", "Polish Community Club Southend", "07700 900119", "",
        "A social and cultural club for the Polish community and friends.", legal_status=GROUP),
    DemoOrganization("roach-valley-drivers", "Roach Valley Volunteer Drivers", "01632 960229", "1999025",
        "Volunteer drivers giving lifts to appointments and activities around Rochford and Rayleigh."),
    DemoOrganization("canvey-community-pantry", "Canvey Island Community Pantry", "01632 960230", "1999026",
        "A membership food pantry and social space on Canvey Island."),
    DemoOrganization("canvey-seawall-walkers", "Canvey Seawall Walkers", "07700 900115", "",
        "Walks and beach cleans along Canvey's sea wall.", legal_status=GROUP),
    DemoOrganization("colne-community-hub", "Colne Community Hub", "01632 960220", "1999017",
        "A community centre in Colchester with courses, a larder, a garden and a volunteer centre."),
    DemoOrganization("colne-refugee-welcome", "Colne Refugee Welcome", "01632 960221", "1999018",
        "English classes, advice and friendship for refugees and people seeking asylum."),
    DemoOrganization("castle-ward-youth", "Castle Ward Young People's Project", "01632 960222", "1999019",
        "Open-access youth work in Colchester town centre."),
    DemoOrganization("colne-valley-cycle-club", "Colne Valley Cycle Club", "07700 900109", "",
        "A social cycling club with rides for every pace.", legal_status=GROUP),
    DemoOrganization("colne-night-shelter", "Colne Night Shelter", "01632 960246", "1999041",
        "A day centre and winter shelter for people who are homeless in Colchester."),
    DemoOrganization("young-carers-estuary", "Young Carers Estuary", "01632 960240", "1999035",
        "Clubs, breaks and school support for young carers aged 8 to 18."),
    DemoOrganization("estuary-migrant-advice", "Estuary Migrant Advice Service", "01632 960243", "1999038",
        "Free, regulated immigration advice for people on low incomes."),
    DemoOrganization("town-park-growers", "Town Park Growers", "07700 900110", "",
        "A therapeutic gardening project in Harlow.", legal_status=CIC),
    DemoOrganization("harlow-youth-space", "Harlow Youth Space", "01632 960223", "1999020",
        "Youth clubs and counselling for young people in Harlow."),
    DemoOrganization("stort-valley-stroke-club", "Stort Valley Stroke Club", "01632 960224", "1999021",
        "A weekly club for stroke survivors and their families."),
    DemoOrganization("harlow-faith-forum", "Harlow Faith Forum", "01632 960250", "1999044",
        "Harlow's churches, mosques and gurdwara working together on community projects."),
    DemoOrganization("forest-edge-green-gym", "Forest Edge Green Gym", "01632 960231", "1999027",
        "Outdoor conservation work that keeps people fit and improves local green spaces."),
    DemoOrganization("forest-lens-photography", "Forest Lens Photography Club", "07700 900121", "",
        "A photography club for beginners and enthusiasts.", legal_status=GROUP),
    DemoOrganization("brain-valley-transport", "Brain Valley Community Transport", "01632 960225", "1999022",
        "Dial-a-ride and community minibuses for people who find public transport hard."),
    DemoOrganization("brain-valley-dance", "Brain Valley Dance", "07700 900111", "",
        "Community dance for older people and people living with long-term conditions.", legal_status=CIC),
    DemoOrganization("blackwater-voices", "Blackwater Voices", "07700 900116", "",
        "A community choir in Witham that welcomes every voice.", legal_status=GROUP),
    DemoOrganization("brentwood-bike-hub", "Brentwood Bike Hub", "01632 960226", "",
        "Cycle training, led rides and refurbished bikes.", legal_status=CIC),
    DemoOrganization("thorndon-woodland-volunteers", "Thorndon Woodland Volunteers", "07700 900112", "",
        "Practical conservation in the woods around Brentwood.", legal_status=GROUP),
    DemoOrganization("brentwood-community-players", "Brentwood Community Players", "07700 900120", "",
        "Community theatre for adults of every experience.", legal_status=GROUP),
    DemoOrganization("blackwater-befrienders", "Blackwater Befrienders", "01632 960227", "1999023",
        "Volunteer befriending for older people in Maldon and the Dengie."),
    DemoOrganization("hythe-quay-mens-shed", "Hythe Quay Men's Shed", "07700 900113", "1999045",
        "A woodwork and boat-mending shed by the quay in Maldon.", legal_status=CIO),
    DemoOrganization("dengie-wildlife-watch", "Dengie Wildlife Watch", "07700 900124", "",
        "Volunteers sharing the wildlife of the Blackwater estuary.", legal_status=GROUP),
    DemoOrganization("tendring-coast-trust", "Tendring Coast Community Trust", "01632 960228", "1999024",
        "A community trust in Clacton-on-Sea running activities, transport and a community breakfast."),
    DemoOrganization("clacton-sea-dippers", "Clacton Sea Dippers", "07700 900114", "",
        "All-year sea swimming for adults, with safety first.", legal_status=GROUP),
    DemoOrganization("grays-riverside-youth", "Grays Riverside Youth Project", "01632 960232", "1999028",
        "Youth clubs and skills training for young people in Grays and Tilbury."),
    DemoOrganization("walden-writers", "Walden Writers' Circle", "07700 900122", "",
        "A writing group for anyone who wants to write.", legal_status=GROUP),
    DemoOrganization("estuary-safe-spaces", "Estuary Safe Spaces", "01632 960233", "1999029",
        "Confidential support for anyone affected by domestic abuse."),
    DemoOrganization("fair-odds-essex", "Fair Odds Essex", "01632 960234", "1999030",
        "Free support for people harmed by gambling, and their families."),
    DemoOrganization("smokefree-estuary", "Smokefree Estuary", "01632 960235", "",
        "The county's free stop smoking service.",
        legal_status=CIC, funding=("Estuary County Council public health grant",)),
    DemoOrganization("estuary-listening-line", "Estuary Listening Line", "01632 960237", "1999032",
        "A volunteer listening line for anyone who is struggling."),
    DemoOrganization("estuary-pain-network", "Estuary Pain Network", "01632 960238", "1999033",
        "Courses and peer groups for people living with persistent pain or long-term conditions."),
    DemoOrganization("get-online-estuary", "Get Online Estuary", "01632 960241", "1999036",
        "Digital champions, device loans and free data for people who are offline."),
    DemoOrganization("estuary-homes-handyperson", "Estuary Homes Handyperson Service", "01632 960245", "1999040",
        "Small repairs, aids and adaptations so people can stay safe at home."),
    DemoOrganization("warm-homes-estuary", "Warm Homes Estuary", "01632 960247", "",
        "Free advice on energy bills, grants and keeping warm.", legal_status=CIC),
]


LOCATIONS: list[DemoLocation] = [
    place("central-park-bandstand", "Central Park bandstand", "Central Park, Parkway",
          "Chelmsford", "CM1 1LU", 51.7335, 0.4625, LEVEL_PATHS,
          "Ten minutes' walk from Chelmsford station; pay-and-display parking on Parkway."),
    place("springfield-green-hall", "Springfield Green Church Hall", "42 Springfield Road",
          "Chelmsford", "CM2 6JB", 51.7395, 0.4830, STEP_FREE_LOOP,
          "Buses 42 and 45 stop outside; four disabled parking bays."),
    place("moulsham-community-hall", "Moulsham Community Hall", "18 Moulsham Street",
          "Chelmsford", "CM2 0HU", 51.7290, 0.4730, STEP_FREE,
          "Five minutes from the bus station; no parking on site."),
    place("market-road-library", "Market Road Library", "3 Market Road",
          "Chelmsford", "CM1 1XA", 51.7350, 0.4700, STEP_FREE_LOOP),
    place("melbourne-community-centre", "Melbourne Community Centre", "7 Melbourne Avenue",
          "Chelmsford", "CM1 2DX", 51.7480, 0.4420, STEP_FREE, "Free car park; bus 54 stops on Melbourne Avenue."),
    place("great-baddow-hall", "Great Baddow Memorial Rooms", "12 High Street, Great Baddow",
          "Chelmsford", "CM2 7HH", 51.7170, 0.5060, RAMP),
    place("duke-street-upper-room", "Duke Street Upper Room", "27 Duke Street",
          "Chelmsford", "CM1 1HT", 51.7365, 0.4660, STAIRS, "Opposite the bus station."),
    place("danbury-mission-hall", "Danbury Mission Hall", "9 Main Road, Danbury",
          "Chelmsford", "CM3 4NQ", 51.7170, 0.5780, STEP_FREE, "Free parking behind the hall."),
    place("woodham-ferrers-hall", "Queen Elizabeth Avenue Hall", "2 Queen Elizabeth Avenue",
          "South Woodham Ferrers", "CM3 5DL", 51.6480, 0.6170, STEP_FREE_LOOP),
    place("oaklands-park-pavilion", "Oaklands Park Pavilion", "Oaklands Park, Moulsham Street",
          "Chelmsford", "CM2 9AQ", 51.7250, 0.4710, LEVEL_PATHS),
    place("victoria-road-pool", "Victoria Road Pool", "2 Victoria Road",
          "Chelmsford", "CM1 1NZ", 51.7390, 0.4750, POOL),
    place("admirals-park-growing-space", "Admirals Park Growing Space", "Rainsford Road entrance, Admirals Park",
          "Chelmsford", "CM1 2PY", 51.7380, 0.4540, RAISED_BEDS),
    place("moulsham-shed", "Moulsham Men's Shed workshop", "Unit 4, Hall Street Yard",
          "Chelmsford", "CM2 0HG", 51.7280, 0.4750, STEP_FREE),
    place("chelmer-advice-duke-street", "Chelmer Advice Centre", "61 Duke Street",
          "Chelmsford", "CM1 1JA", 51.7370, 0.4650, STEP_FREE_LOOP),
    place("chelmer-food-bank-warehouse", "Chelmer Valley Food Bank centre", "9 Navigation Road",
          "Chelmsford", "CM2 6HX", 51.7340, 0.4860, STEP_FREE, "Parking in the yard; bus 42 to Springfield Road."),
    place("rainsford-wellbeing-centre", "Chelmer Minds Matter Wellbeing Centre", "12 Rainsford Road",
          "Chelmsford", "CM1 2QL", 51.7385, 0.4590, STEP_FREE_LOOP),
    place("cva-baddow-road", "Chelmer Voluntary Action hub", "35 Baddow Road",
          "Chelmsford", "CM2 0DB", 51.7300, 0.4790, RAMP),
    place("writtle-green-rooms", "Writtle Green Rooms", "The Green, Writtle",
          "Chelmsford", "CM1 3DT", 51.7290, 0.4290, STEPS),
    place("broomfield-parish-rooms", "Broomfield Parish Rooms", "5 Church Green, Broomfield",
          "Chelmsford", "CM1 7BD", 51.7660, 0.4640, STEP_FREE),
    place("basildon-together-hub", "Basildon Together Hub", "20 Southernhay",
          "Basildon", "SS14 1EL", 51.5745, 0.4880, STEP_FREE_LOOP, "Two minutes from Basildon bus station."),
    place("gloucester-park-pavilion", "Gloucester Park Pavilion", "Gloucester Park, Broadmayne",
          "Basildon", "SS14 2EG", 51.5712, 0.4753, LEVEL_PATHS),
    place("pitsea-community-centre", "Pitsea Community Centre", "8 High Road, Pitsea",
          "Basildon", "SS13 3AB", 51.5650, 0.5050, STEP_FREE),
    place("basildon-town-square-office", "Basildon Money Advice Project office", "3 Town Square",
          "Basildon", "SS14 1BB", 51.5760, 0.4895, STEP_FREE_LOOP),
    place("kingswood-fellowship-hall", "Kingswood Fellowship Hall", "14 Clay Hill Road",
          "Basildon", "SS16 5DP", 51.5660, 0.4720, RAMP),
    place("laindon-community-rooms", "Laindon Community Rooms", "7 High Road, Laindon",
          "Basildon", "SS15 6EA", 51.5740, 0.4250, STAIRS),
    place("the-loft-youth-centre", "The Loft Youth Centre", "33 Fodderwick",
          "Basildon", "SS14 1SU", 51.5770, 0.4920, STEP_FREE),
    place("wickford-memorial-rooms", "Wickford Memorial Rooms", "5 Market Road",
          "Wickford", "SS12 0AG", 51.6110, 0.5200, STEP_FREE),
    place("billericay-chantry-hall", "Chantry Way Hall", "11 Chantry Way",
          "Billericay", "CM11 2BB", 51.6280, 0.4190, STEP_FREE_LOOP),
    place("shoreline-centre", "Shoreline Wellbeing Centre", "15 Clarence Road",
          "Southend-on-Sea", "SS1 1AN", 51.5380, 0.7120, STEP_FREE_LOOP, "Five minutes from Southend Central station."),
    place("pier-hill-meeting-point", "Pier Hill meeting point", "Top of the Pier Hill lift, Western Esplanade",
          "Southend-on-Sea", "SS1 1EE", 51.5350, 0.7150, LEVEL_PATHS),
    place("leigh-old-town-studio", "Leigh Old Town Studio", "4 High Street, Leigh-on-Sea",
          "Southend-on-Sea", "SS9 2EN", 51.5380, 0.6550, STEPS,
          "Leigh-on-Sea station is a short walk along the front."),
    place("westcliff-kitchen", "Westcliff Community Kitchen", "40 Hamlet Court Road, Westcliff-on-Sea",
          "Southend-on-Sea", "SS0 7LX", 51.5400, 0.6890, STEP_FREE),
    place("york-road-recovery-hub", "Estuary Recovery Hub", "9 York Road",
          "Southend-on-Sea", "SS1 2BH", 51.5385, 0.7150, STEP_FREE),
    place("pier-hill-advice-rooms", "Pier Hill Advice Rooms", "2 Alexandra Street",
          "Southend-on-Sea", "SS1 1BX", 51.5395, 0.7100, STEP_FREE_LOOP),
    place("victoria-avenue-club", "Polish Community Club", "17 Victoria Avenue",
          "Southend-on-Sea", "SS2 6EB", 51.5490, 0.7080, RAMP),
    place("shoeburyness-hall", "Shoeburyness Community Hall", "21 Ness Road, Shoeburyness",
          "Southend-on-Sea", "SS3 9DD", 51.5320, 0.7950, STEP_FREE),
    place("leigh-broadway-library", "Broadway Library", "10 Broadway, Leigh-on-Sea",
          "Southend-on-Sea", "SS9 1AW", 51.5420, 0.6530, STEP_FREE_LOOP),
    place("seaview-pool", "Seaview Pool", "3 Eastern Esplanade",
          "Southend-on-Sea", "SS1 2ER", 51.5360, 0.7300, POOL),
    place("rochford-market-hall", "Rochford Market Square Hall", "6 Market Square",
          "Rochford", "SS4 1AS", 51.5820, 0.7066, STEP_FREE),
    place("rayleigh-crown-hill-rooms", "Crown Hill Rooms", "22 Crown Hill",
          "Rayleigh", "SS6 7HE", 51.5860, 0.6049, RAMP),
    place("canvey-pantry", "Canvey Island Community Pantry", "21 Furtherwick Road",
          "Canvey Island", "SS8 7AE", 51.5230, 0.5830, STEP_FREE),
    place("canvey-concord-beach", "Concord Beach sea wall steps", "Eastern Esplanade, Canvey Island",
          "Canvey Island", "SS8 7DF", 51.5170, 0.5960, SEA_WALL),
    place("colne-hub-crouch-street", "Colne Community Hub", "26 Crouch Street",
          "Colchester", "CO3 3ES", 51.8880, 0.8950, STEP_FREE_LOOP,
          "Buses from the town centre stop on Crouch Street."),
    place("st-botolphs-street-rooms", "St Botolph's Street Rooms", "5 St Botolph's Street",
          "Colchester", "CO2 7DU", 51.8860, 0.9050, STEP_FREE, "Opposite Colchester Town station."),
    place("maidenburgh-youth-centre", "Castle Ward Youth Centre", "11 Maidenburgh Street",
          "Colchester", "CO1 1UB", 51.8910, 0.9040, RAMP),
    place("castle-park-gates", "Castle Park main gates", "High Street entrance, Castle Park",
          "Colchester", "CO1 1TJ", 51.8915, 0.9050, LEVEL_PATHS),
    place("military-road-day-centre", "Colne Night Shelter day centre", "48 Military Road",
          "Colchester", "CO1 2AJ", 51.8820, 0.9070, STEP_FREE),
    place("trinity-library", "Trinity Library", "1 Trinity Street",
          "Colchester", "CO1 1JN", 51.8895, 0.8990, STEP_FREE_LOOP),
    place("harwich-quay-rooms", "Harwich Quay Rooms", "3 The Quay",
          "Harwich", "CO12 3HH", 51.9440, 1.2880, STEPS),
    place("town-park-growing-space", "Town Park Growing Space", "Second Avenue entrance, Town Park",
          "Harlow", "CM20 2JF", 51.7700, 0.1050, RAISED_BEDS),
    place("harlow-youth-space-stow", "Harlow Youth Space", "12 The Stow",
          "Harlow", "CM20 3AG", 51.7810, 0.1110, STEP_FREE),
    place("netteswell-rooms", "Netteswell Community Rooms", "4 Netteswell Road",
          "Harlow", "CM20 2EX", 51.7740, 0.0960, STEP_FREE_LOOP),
    place("broad-walk-rooms", "Broad Walk Rooms", "4 Broad Walk",
          "Harlow", "CM20 1HT", 51.7700, 0.0930, STEP_FREE),
    place("bell-common-car-park", "Bell Common car park", "Bell Common, High Road",
          "Epping", "CM16 4DJ", 51.6930, 0.1050, ROUGH_GROUND),
    place("hemnall-street-hall", "Hemnall Street Hall", "30 Hemnall Street",
          "Epping", "CM16 4LW", 51.7010, 0.1140, STEP_FREE),
    place("bocking-end-office", "Brain Valley Community Transport office", "7 Bocking End",
          "Braintree", "CM7 9AE", 51.8800, 0.5510, STEP_FREE),
    place("great-square-rooms", "Great Square Rooms", "2 Great Square",
          "Braintree", "CM7 1UD", 51.8780, 0.5530, STEP_FREE_LOOP),
    place("newland-street-hall", "Newland Street Hall", "64 Newland Street",
          "Witham", "CM8 2AQ", 51.8000, 0.6380, STEP_FREE_LOOP),
    place("dunmow-foakes-rooms", "Foakes Rooms", "8 Stortford Road",
          "Great Dunmow", "CM6 1DA", 51.8728, 0.3616, RAMP),
    place("kings-road-bike-hub", "Brentwood Bike Hub workshop", "3 Kings Road",
          "Brentwood", "CM14 4DJ", 51.6170, 0.3000, STEP_FREE, "Two minutes from Brentwood station."),
    place("thorndon-north-car-park", "Thorndon Country Park north car park", "The Avenue",
          "Brentwood", "CM13 3RZ", 51.6010, 0.3250, ROUGH_GROUND),
    place("ongar-road-hall", "Ongar Road Hall", "19 Ongar Road",
          "Brentwood", "CM15 9AU", 51.6260, 0.2990, STEP_FREE_LOOP),
    place("brentwood-new-road-library", "New Road Library", "22 New Road",
          "Brentwood", "CM14 4GD", 51.6200, 0.3040, STEP_FREE),
    place("maldon-high-street-office", "Blackwater Befrienders office", "30 High Street",
          "Maldon", "CM9 5PJ", 51.7320, 0.6780, STEP_FREE),
    place("hythe-quay-shed", "Hythe Quay Men's Shed", "The Boatyard, Downs Road",
          "Maldon", "CM9 5HN", 51.7290, 0.6850, RAMP),
    place("promenade-park-pavilion", "Promenade Park Pavilion", "Promenade Park",
          "Maldon", "CM9 5JQ", 51.7260, 0.6940, LEVEL_PATHS),
    place("heybridge-basin-rooms", "Heybridge Basin Village Rooms", "1 Lock Hill, Heybridge Basin",
          "Maldon", "CM9 4RY", 51.7303, 0.6980, STEPS),
    place("burnham-quay-rooms", "Burnham Quay Rooms", "12 The Quay",
          "Burnham-on-Crouch", "CM0 8AS", 51.6290, 0.8140, STEP_FREE),
    place("tendring-station-road", "Tendring Coast Community Trust", "18 Station Road",
          "Clacton-on-Sea", "CO15 1SZ", 51.7910, 1.1530, STEP_FREE_LOOP, "Opposite Clacton-on-Sea station."),
    place("marine-parade-steps", "Marine Parade West beach steps", "Marine Parade West",
          "Clacton-on-Sea", "CO15 1QU", 51.7870, 1.1500, BEACH),
    place("jaywick-community-rooms", "Jaywick Community Rooms", "2 Broadway, Jaywick",
          "Clacton-on-Sea", "CO15 2EB", 51.7780, 1.1180, STEP_FREE),
    place("grays-quarry-hill", "Grays Riverside Youth Project", "6 Quarry Hill",
          "Grays", "RM17 5BT", 51.4780, 0.3230, STEP_FREE, "Five minutes from Grays station."),
    place("walden-common-room", "Castle Street Common Room", "14 Castle Street",
          "Saffron Walden", "CB10 1BP", 52.0240, 0.2400, STEPS),
    virtual("by-phone", "By phone", "The service calls you, or you call it: no need to travel."),
    virtual("chelmer-minds-online", "Chelmer Minds Matter online",
            "Groups and courses on a video call; the link is emailed after you book.",
            "https://chelmer-minds-matter.example.org/online"),
    virtual("cedar-tree-online", "Cedar Tree online group", "A video call; you can keep your camera off.",
            "https://cedar-tree-bereavement.example.org/online"),
    virtual("fair-odds-online", "Fair Odds online", "Webchat and video sessions.",
            "https://fair-odds-essex.example.org/chat"),
    virtual("get-online-helpline", "Get Online Estuary helpline", "Help on the phone or by screen-sharing.",
            "https://get-online-estuary.example.org/help"),
    virtual("estuary-adult-learning-online", "Estuary Adult Community Learning online classroom",
            "Live online lessons; a laptop or tablet can be lent.",
            "https://estuary-adult-learning.example.org/online"),
    virtual("pain-network-online", "Estuary Pain Network online", "Courses and groups on a video call.",
            "https://estuary-pain-network.example.org/online"),
]
# fmt: on
