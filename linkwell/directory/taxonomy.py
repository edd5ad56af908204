"""Linkwell's own social-prescribing category taxonomy. Ids are fixed (uuid5 of the names), so the
categories keep the same ids in every installation and in every ORUK feed we publish."""

import uuid

from django.db import transaction

from linkwell.directory.models import Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("6f1c1d0e-8a51-4d7e-9d55-6c2b3f9b1a77")
TAXONOMY_NAME = "Linkwell social prescribing categories"
TAXONOMY_ID = uuid.uuid5(NAMESPACE, TAXONOMY_NAME)
TAXONOMY_DESCRIPTION = (
    "Categories of community support that link workers prescribe, grouped the way people ask for help."
)

# (name, description, [(child name, child description), …])
CATEGORIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Physical activity",
        "Ways to move more, at any fitness level.",
        [
            ("Walking groups", "Led walks, health walks and rambling."),
            ("Gentle exercise", "Chair-based exercise, stretching, tai chi and falls prevention."),
            ("Sport and fitness", "Clubs, classes and gyms, including walking football and netball."),
            ("Swimming", "Swimming sessions, aqua fit and water confidence."),
            ("Dance", "Dance classes and movement to music."),
            ("Cycling", "Led rides, cycle training and bike loans."),
            ("Yoga and pilates", "Yoga, pilates and mindful movement."),
        ],
    ),
    (
        "Arts and creativity",
        "Making, performing and enjoying the arts together.",
        [
            ("Art and craft", "Painting, drawing, pottery, knitting and crafts."),
            ("Music and singing", "Choirs, singing for the brain, music groups and lessons."),
            ("Writing and reading", "Creative writing, book clubs and reading groups."),
            ("Drama and performance", "Community theatre and performing."),
            ("Photography and film", "Photography walks and film clubs."),
        ],
    ),
    (
        "Befriending and social groups",
        "Company, friendship and somewhere to go.",
        [
            ("Befriending", "Regular visits or phone calls from a volunteer."),
            ("Lunch clubs and cafés", "Community meals, lunch clubs and drop-in cafés."),
            ("Social clubs", "Clubs and groups to meet people with shared interests."),
            ("Men's sheds", "Community workshops where men and others make, mend and talk."),
            ("Peer support groups", "Groups led by people who share an experience."),
        ],
    ),
    (
        "Nature and gardening",
        "Time outdoors and growing things.",
        [
            ("Community gardening", "Allotments, growing projects and therapeutic gardening."),
            ("Conservation volunteering", "Green gym, conservation tasks and litter picks."),
            ("Nature walks and wildlife", "Nature walks, bird watching and outdoor learning."),
        ],
    ),
    (
        "Money, debt and benefits",
        "Help with money worries.",
        [
            ("Debt advice", "Free, confidential debt advice and solutions."),
            ("Benefits advice", "Checking and claiming benefits, help with forms and appeals."),
            ("Budgeting and bills", "Budgeting, energy bills and cost-of-living support."),
            ("Grants and emergency funds", "Local grants, hardship funds and emergency payments."),
        ],
    ),
    (
        "Housing",
        "Somewhere safe and suitable to live.",
        [
            ("Housing advice", "Tenancy problems, repairs, rights and options."),
            ("Homelessness support", "Help for people who are homeless or at risk of it."),
            ("Home adaptations and repairs", "Handyperson schemes, aids and adaptations."),
        ],
    ),
    (
        "Food",
        "Enough good food.",
        [
            ("Food banks", "Emergency food parcels, usually with a voucher."),
            ("Community pantries and larders", "Low-cost food clubs and community fridges."),
            ("Cooking and healthy eating", "Cooking skills and healthy eating courses."),
        ],
    ),
    (
        "Employment and skills",
        "Getting into or back to work.",
        [
            ("Job search support", "CVs, applications and interview practice."),
            ("Careers advice", "Careers guidance and planning."),
            ("Work experience and training", "Placements, apprenticeships and vocational training."),
        ],
    ),
    (
        "Learning",
        "Learning for its own sake, at any age.",
        [
            ("Adult learning courses", "Community and adult education classes."),
            ("English language (ESOL)", "English for speakers of other languages."),
            ("Maths and literacy", "Everyday maths, reading and writing."),
        ],
    ),
    (
        "Volunteering",
        "Giving time, meeting people and gaining skills.",
        [
            ("Volunteering opportunities", "Roles with local groups and charities."),
            ("Supported volunteering", "Volunteering with extra support to get started."),
        ],
    ),
    (
        "Carers",
        "Support for people who look after someone.",
        [
            ("Carers' support groups", "Meeting other carers."),
            ("Respite and breaks", "Short breaks and sitting services."),
            ("Young carers", "Support for children and young people who care."),
        ],
    ),
    (
        "Bereavement",
        "Support after someone dies.",
        [
            ("Bereavement support groups", "Groups for people who are grieving."),
            ("Bereavement counselling", "One-to-one bereavement counselling."),
        ],
    ),
    (
        "Mental health and wellbeing",
        "Looking after how you feel.",
        [
            ("Talking therapies and counselling", "Counselling and talking therapies, including low-cost options."),
            ("Wellbeing courses", "Courses on managing stress, anxiety, sleep and mood."),
            ("Mental health peer support", "Groups and drop-ins run with people who have been there."),
            ("Crisis and listening support", "Listening lines and safe spaces."),
        ],
    ),
    (
        "Long-term conditions",
        "Living well with a health condition.",
        [
            ("Condition support groups", "Groups for diabetes, COPD, arthritis, stroke and more."),
            ("Self-management courses", "Courses on living well with a long-term condition."),
            ("Dementia support", "Memory cafés and support for people with dementia and their families."),
            ("Pain management", "Support for living with persistent pain."),
        ],
    ),
    (
        "Families, children and young people",
        "Support for parents, children and young people.",
        [
            ("Parenting support", "Parenting courses and family support."),
            ("Baby and toddler groups", "Stay and play, baby groups and early years."),
            ("Youth groups", "Youth clubs and activities for young people."),
        ],
    ),
    (
        "Safety and abuse",
        "Help to be and feel safe.",
        [
            ("Domestic abuse support", "Confidential support for people experiencing domestic abuse."),
            ("Scams and fraud", "Avoiding scams and support after fraud."),
        ],
    ),
    (
        "Drugs, alcohol and gambling",
        "Help to cut down, stop or recover.",
        [
            ("Alcohol support", "Advice and support to drink less or stop."),
            ("Drug support", "Advice, treatment and recovery support."),
            ("Gambling support", "Support for people affected by gambling."),
            ("Stop smoking", "Help to stop smoking or vaping."),
        ],
    ),
    (
        "Community transport",
        "Getting to places when transport is hard.",
        [
            ("Dial-a-ride and community buses", "Door-to-door transport for people who find buses hard."),
            ("Volunteer car schemes", "Lifts from volunteer drivers to appointments and activities."),
        ],
    ),
    (
        "Digital inclusion",
        "Getting online with confidence.",
        [
            ("Digital skills", "Help to use phones, tablets and computers."),
            ("Devices and data", "Free or low-cost devices and data."),
        ],
    ),
    (
        "Legal and advice",
        "Independent advice on rights and problems.",
        [
            ("General advice", "Citizens advice and community advice centres."),
            ("Immigration advice", "Regulated immigration advice."),
        ],
    ),
    (
        "Faith and culture",
        "Community and cultural groups, and faith-based support.",
        [
            ("Cultural community groups", "Groups for communities to meet and celebrate."),
            ("Faith-based community support", "Support offered by faith communities to everyone."),
        ],
    ),
]


def term_id(name: str, parent: str | None = None) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{parent}/{name}" if parent else name)


@transaction.atomic
def ensure_linkwell_taxonomy() -> Taxonomy:
    """Create or update the categories in place (ids never change), so it is safe to run at any time."""
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=TAXONOMY_ID, defaults={"name": TAXONOMY_NAME, "description": TAXONOMY_DESCRIPTION, "version": "1"}
    )
    for name, description, children in CATEGORIES:
        parent, _ = TaxonomyTerm.objects.update_or_create(
            id=term_id(name), defaults={"taxonomy": taxonomy, "name": name, "description": description, "parent": None}
        )
        for child_name, child_description in children:
            TaxonomyTerm.objects.update_or_create(
                id=term_id(child_name, name),
                defaults={"taxonomy": taxonomy, "name": child_name, "description": child_description, "parent": parent},
            )
    return taxonomy
