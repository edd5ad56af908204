"""What a person is referred for, in words the referrer and the person both understand, and where in the
directory link workers usually look for each need."""

from django.db import models


class Need(models.TextChoices):
    LONELINESS = "loneliness", "Feeling lonely"
    SOCIAL_ISOLATION = "social_isolation", "Cut off from other people"
    LOW_MOOD = "low_mood", "Low mood"
    ANXIETY = "anxiety", "Anxiety or worry"
    STRESS = "stress", "Stress"
    DEBT = "debt", "Debt"
    BENEFITS = "benefits", "Benefits"
    HOUSING = "housing", "Housing problems"
    HOMELESSNESS = "homelessness", "Homeless or at risk of losing their home"
    FOOD_INSECURITY = "food_insecurity", "Not enough food"
    PHYSICAL_INACTIVITY = "physical_inactivity", "Wants to be more active"
    WEIGHT = "weight", "Weight"
    LONG_TERM_CONDITION = "long_term_condition", "Living with a long-term condition"
    CHRONIC_PAIN = "chronic_pain", "Long-lasting pain"
    CARER_STRAIN = "carer_strain", "Struggling as a carer"
    BEREAVEMENT = "bereavement", "Bereavement"
    EMPLOYMENT = "employment", "Work or finding a job"
    EDUCATION_AND_SKILLS = "education_and_skills", "Learning and skills"
    DIGITAL_EXCLUSION = "digital_exclusion", "Getting online"
    ALCOHOL = "alcohol", "Alcohol"
    DRUGS = "drugs", "Drugs"
    GAMBLING = "gambling", "Gambling"
    SMOKING = "smoking", "Stopping smoking"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    TRANSPORT = "transport", "Getting about (transport)"
    LANGUAGE_BARRIERS = "language_barriers", "Language barriers"
    PARENTING = "parenting", "Parenting and family life"
    FALLS = "falls", "Falls or unsteady on their feet"
    SENSORY_LOSS = "sensory_loss", "Sight or hearing loss"
    OTHER = "other", "Something else"


# Top-level names from directory.taxonomy.CATEGORIES, most likely first. Matching starts from these; the
# link worker's conversation decides. "Something else" suggests nothing, because we cannot guess.
SUGGESTED_CATEGORIES: dict[Need, tuple[str, ...]] = {
    Need.LONELINESS: ("Befriending and social groups", "Arts and creativity", "Volunteering"),
    Need.SOCIAL_ISOLATION: ("Befriending and social groups", "Community transport", "Volunteering"),
    Need.LOW_MOOD: ("Mental health and wellbeing", "Physical activity", "Nature and gardening", "Arts and creativity"),
    Need.ANXIETY: ("Mental health and wellbeing", "Nature and gardening"),
    Need.STRESS: ("Mental health and wellbeing", "Physical activity", "Nature and gardening"),
    Need.DEBT: ("Money, debt and benefits", "Legal and advice"),
    Need.BENEFITS: ("Money, debt and benefits", "Legal and advice"),
    Need.HOUSING: ("Housing", "Legal and advice"),
    Need.HOMELESSNESS: ("Housing", "Food", "Legal and advice"),
    Need.FOOD_INSECURITY: ("Food", "Money, debt and benefits"),
    Need.PHYSICAL_INACTIVITY: ("Physical activity", "Nature and gardening"),
    Need.WEIGHT: ("Physical activity", "Food"),
    Need.LONG_TERM_CONDITION: ("Long-term conditions", "Physical activity"),
    Need.CHRONIC_PAIN: ("Long-term conditions", "Physical activity"),
    Need.CARER_STRAIN: ("Carers",),
    Need.BEREAVEMENT: ("Bereavement",),
    Need.EMPLOYMENT: ("Employment and skills", "Volunteering"),
    Need.EDUCATION_AND_SKILLS: ("Learning", "Employment and skills"),
    Need.DIGITAL_EXCLUSION: ("Digital inclusion",),
    Need.ALCOHOL: ("Drugs, alcohol and gambling",),
    Need.DRUGS: ("Drugs, alcohol and gambling",),
    Need.GAMBLING: ("Drugs, alcohol and gambling", "Money, debt and benefits"),
    Need.SMOKING: ("Drugs, alcohol and gambling",),
    Need.DOMESTIC_ABUSE: ("Safety and abuse",),
    Need.TRANSPORT: ("Community transport",),
    Need.LANGUAGE_BARRIERS: ("Learning", "Faith and culture", "Legal and advice"),
    Need.PARENTING: ("Families, children and young people",),
    Need.FALLS: ("Physical activity", "Long-term conditions", "Housing"),
    Need.SENSORY_LOSS: ("Long-term conditions", "Befriending and social groups"),
    Need.OTHER: (),
}
