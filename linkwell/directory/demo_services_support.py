"""Demo directory data, part three: advice and support. All fictional (see demo_services)."""

from decimal import Decimal

from linkwell.directory.demo_services import (
    ARCHIVED,
    DRAFT,
    EMAIL,
    LINKWELL,
    PHONE,
    TEMPORARILY_CLOSED,
    Capacity,
    DemoCost,
    DemoService,
    course,
    donation,
    fortnightly,
    monthly,
    per_session,
    weekly,
)
from linkwell.directory.models import CapacityStatus

# fmt: off
# Same record layout as demo_services_more.ACTIVITY_SERVICES.
SUPPORT_SERVICES: list[DemoService] = [
    # Money, debt and benefits
    DemoService(
        "chelmer-debt-advice", "chelmer-advice-centre", "Debt advice",
        ("Debt advice",), ("chelmer-advice-duke-street", "by-phone"), (weekly("MO,WE,FR", "09:30", "13:00"),),
        "Free, confidential advice from accredited debt advisers: dealing with creditors, priority debts, "
        "breathing space, debt relief orders and bankruptcy.",
        first_visit="Drop in or phone. Bring letters from the people you owe, recent bank statements and "
        "your income details, if you have them.",
        referral=LINKWELL, referral_notes="People can also drop in without a referral.",
    ),
    DemoService(
        "chelmer-benefits-advice", "chelmer-advice-centre", "Benefits checks and form filling",
        ("Benefits advice",), ("chelmer-advice-duke-street",), (weekly("TU", "10:00", "16:00", "By appointment"),),
        "A full benefits check and help with forms for Universal Credit, PIP, Attendance Allowance and "
        "Pension Credit, including mandatory reconsiderations.",
        first_visit="Bring your National Insurance number, any benefit letters and details of your income, "
        "rent and savings.",
        referral=LINKWELL, verified_days_ago=240, review_months=6,
    ),
    DemoService(
        "basildon-debt-advice", "basildon-money-advice", "Debt advice appointments",
        ("Debt advice",), ("basildon-town-square-office",), (weekly("TU,TH", "09:30", "16:30", "By appointment"),),
        "Specialist debt advice by appointment, including help with council tax arrears and bailiffs.",
        first_visit="Phone to book. Bring any letters about your debts.",
        referral=PHONE, languages=("en", "ro", "pl"),
        interpretation="Advisers speak Romanian and Polish; phone interpreters for other languages.",
    ),
    DemoService(
        "basildon-benefit-appeals", "basildon-money-advice", "Benefit appeals support",
        ("Benefits advice", "General advice"), ("basildon-town-square-office",), (),
        "Help preparing for benefit tribunals, and representation at hearings where we can.",
        first_visit="Email us your decision letter and we will call you back within five working days.",
        referral=EMAIL,
    ),
    DemoService(
        "colne-money-confident", "colne-community-hub", "Money Confident course",
        ("Budgeting and bills", "Adult learning courses"), ("colne-hub-crouch-street",),
        (weekly("MO", "10:00", "12:00"),),
        "A four-week course on budgeting, saving and avoiding expensive credit, with a free lunch.",
        first_visit="Book by phone or email. Bring a recent bank statement if you want help with your own "
        "budget.",
        referral=PHONE,
    ),
    DemoService(
        "warm-homes-energy-advice", "warm-homes-estuary", "Energy advice line",
        ("Budgeting and bills",), ("by-phone",), (weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        "Advice on energy bills, debts to suppliers, prepayment meters, the Warm Home Discount and grants "
        "for insulation.",
        first_visit="Have a recent energy bill to hand when you call.",
        referral=PHONE,
    ),
    DemoService(
        "cva-community-crisis-fund", "chelmer-voluntary-action", "Community crisis fund",
        ("Grants and emergency funds",), ("cva-baddow-road",), (),
        "One-off grants of up to £150 for essentials such as a cooker, bedding or school uniform, for people "
        "in crisis in the Chelmer district.",
        first_visit="A link worker, support worker or adviser applies for you; decisions within a week.",
        referral=LINKWELL, eligibility="People on a low income in the Chelmer district.",
    ),
    # Housing
    DemoService(
        "pier-hill-housing-drop-in", "pier-hill-housing-advice", "Housing advice drop-in",
        ("Housing advice",), ("pier-hill-advice-rooms",), (weekly("TU,TH", "10:00", "13:00"),),
        "Advice on repairs, deposits, eviction notices, rent arrears and your housing options.",
        first_visit="Bring your tenancy agreement and any letters or notices from your landlord.",
    ),
    DemoService(
        "pier-hill-renters-line", "pier-hill-housing-advice", "Private renters' advice line",
        ("Housing advice",), ("by-phone",), (weekly("MO,WE", "17:00", "19:00"),),
        "An evening phone line for private tenants who work during the day. Advisers can help with repairs, "
        "deposits, rent rises and notices to leave.",
        first_visit="Call during the opening hours. Have your tenancy agreement and any notices to hand.",
        referral=PHONE,
    ),
    DemoService(
        "colne-day-centre", "colne-night-shelter", "Day centre",
        ("Homelessness support",), ("military-road-day-centre",), (weekly("MO,TU,WE,TH,FR", "08:30", "13:00"),),
        "Breakfast, showers, laundry, a postal address and help from housing workers for people who are "
        "homeless or at risk.",
        first_visit="Just come in. No ID needed, and you do not have to give your name.",
        minimum_age=18,
    ),
    DemoService(
        "colne-winter-night-shelter", "colne-night-shelter", "Winter night shelter",
        ("Homelessness support",), ("military-road-day-centre",), (weekly("MO,TU,WE,TH,FR,SA,SU", "19:30", "23:30"),),
        "Beds, a hot meal and breakfast from December to March. For adults who are sleeping rough in "
        "Colchester.",
        first_visit="Referral through the day centre or the council's housing team.",
        referral=PHONE, minimum_age=18, status=TEMPORARILY_CLOSED,
        alert="The shelter opens for the winter on 1 December. Until then, come to the day centre.",
    ),
    DemoService(
        "estuary-handyperson", "estuary-homes-handyperson", "Handyperson service",
        ("Home adaptations and repairs",), ("by-phone",), (),
        "Small repairs and safety jobs: grab rails, key safes, smoke alarms, curtain rails and dripping "
        "taps, by DBS-checked handypeople.",
        first_visit="Phone to book a visit. Labour is free for people over 70 and disabled people on benefits.",
        costs=(DemoCost("Per hour", Decimal("18.00"), "£18 an hour, plus materials; free for some people"),),
        referral=PHONE, area="Essex",
    ),
    # Food
    DemoService(
        "chelmer-food-bank", "chelmer-valley-food-bank", "Food bank",
        ("Food banks",), ("chelmer-food-bank-warehouse",), (weekly("MO,WE,FR", "11:00", "13:00"),),
        "Three days of emergency food, toiletries and a chat with a volunteer over a cup of tea.",
        first_visit="You need a food bank voucher from a link worker, adviser or support worker. Bring a "
        "bag if you can.",
        referral=LINKWELL, referral_notes="Link workers can issue an e-voucher through Linkwell.",
    ),
    DemoService(
        "basildon-together-food-bank", "basildon-together", "Basildon Together food bank",
        ("Food banks",), ("basildon-together-hub",), (weekly("TU,TH", "10:00", "12:30"),),
        "Emergency food parcels, with halal and vegetarian options. For people in crisis who cannot afford "
        "food, with a referral voucher.",
        first_visit="Bring your voucher. Volunteers will ask about allergies and what you can cook at home.",
        referral=LINKWELL,
    ),
    DemoService(
        "canvey-pantry-membership", "canvey-community-pantry", "Community pantry",
        ("Community pantries and larders",), ("canvey-pantry",), (weekly("TU", "10:00", "13:00"),),
        "Members choose ten or more items of food and household goods each week for a small fee.",
        first_visit="Bring proof of a Canvey address to join.",
        costs=(per_session("5.00", "Weekly shop"),),
    ),
    DemoService(
        "colne-community-larder", "colne-community-hub", "Community larder",
        ("Community pantries and larders",), ("colne-hub-crouch-street",), (weekly("WE", "14:00", "16:00"),),
        "Low-cost fresh and tinned food. A bag of shopping worth around £20 for £4, open to anyone living "
        "nearby, with no referral needed.",
        first_visit="Bring your own bags. Pay by cash or card at the till.",
        costs=(per_session("4.00", "Bag of shopping"),),
    ),
    DemoService(
        "westcliff-cook-and-eat", "westcliff-community-kitchen", "Cook and eat on a budget",
        ("Cooking and healthy eating",), ("westcliff-kitchen",), (weekly("WE", "10:00", "12:30"),),
        "A six-week course cooking healthy meals for under £1 a portion, then eating together.",
        first_visit="Tell us about allergies when you book. Aprons provided.",
        referral=EMAIL, minimum_age=16, capacity=Capacity(CapacityStatus.OPEN, 3, 10),
    ),
    DemoService(
        "caa-cooking-for-one", "chelmer-active-ageing", "Cooking for one",
        ("Cooking and healthy eating",), ("melbourne-community-centre",), (weekly("TH", "10:00", "12:00"),),
        "A four-week course for older people cooking simple meals for one, often after losing a partner.",
        first_visit="Book by phone. All food and equipment is provided.",
        costs=(course("10", 4),), referral=PHONE, minimum_age=60,
    ),
    # Employment and skills
    DemoService(
        "next-step-work-club", "next-step-employment", "Chelmsford work club",
        ("Job search support",), ("market-road-library",), (weekly("TU", "10:00", "12:00"),),
        "Help with CVs, online applications and interview practice, with computers and printing. For anyone "
        "looking for work, whether you have been out of work for weeks or years.",
        first_visit="Bring your CV if you have one, or details of jobs you have done.",
    ),
    DemoService(
        "next-step-careers-guidance", "next-step-employment", "Careers guidance",
        ("Careers advice",), ("market-road-library", "by-phone"), (),
        "One-to-one guidance from a qualified careers adviser on changing career or returning to work.",
        first_visit="Email to book an hour-long appointment.",
        referral=EMAIL, minimum_age=19,
    ),
    DemoService(
        "next-step-work-and-wellbeing", "next-step-employment", "Work and wellbeing coaching",
        ("Job search support", "Mental health peer support"), ("by-phone", "market-road-library"), (),
        "Up to six months of coaching for people whose health makes work hard to find or keep.",
        first_visit="A coach meets you somewhere you are comfortable.",
        referral=LINKWELL, minimum_age=18,
    ),
    DemoService(
        "grays-construction-taster", "grays-riverside-youth", "Construction skills taster",
        ("Work experience and training",), ("grays-quarry-hill",), (weekly("MO,TU", "09:30", "15:00"),),
        "A four-week taster in bricklaying, carpentry and site safety, with a CSCS card test.",
        first_visit="Bring photo ID. Boots and a hard hat are provided.",
        referral=EMAIL, minimum_age=16, maximum_age=24,
    ),
    DemoService(
        "westcliff-cafe-placements", "westcliff-community-kitchen", "Café training placements",
        ("Work experience and training", "Supported volunteering"), ("westcliff-kitchen",), (),
        "Twelve-week placements in our café with food hygiene training and a reference.",
        first_visit="An informal chat and a tour first.",
        referral=LINKWELL, minimum_age=18,
    ),
    # Learning
    DemoService(
        "estuary-community-learning", "estuary-adult-learning", "Community learning courses",
        ("Adult learning courses",), ("market-road-library", "estuary-adult-learning-online"), (),
        "Short courses in languages, crafts, wellbeing and computing, in person and online.",
        first_visit="Enrol online or by phone. Tell us if you need help with fees or learning support.",
        costs=(DemoCost("Per course", Decimal("85.00"), "Up to £85; free on some benefits"),),
        referral=PHONE, minimum_age=19,
    ),
    DemoService(
        "colne-esol-classes", "colne-refugee-welcome", "English classes (ESOL)",
        ("English language (ESOL)",), ("st-botolphs-street-rooms",), (weekly("MO,WE", "10:00", "12:00"),),
        "Free English classes from beginner to intermediate, with a crèche. For adults who are new to "
        "English, including refugees and people seeking asylum.",
        first_visit="Come to a Monday class for a short assessment.",
        languages=("en", "ar", "fa", "uk"), minimum_age=16,
    ),
    DemoService(
        "library-english-conversation", "estuary-libraries", "English conversation club",
        ("English language (ESOL)", "Cultural community groups"), ("trinity-library",),
        (weekly("TH", "18:00", "19:30"),),
        "Practise speaking English in a relaxed group with volunteers. For adults learning English who want "
        "to build confidence in everyday conversation.",
        first_visit="Just come along. Beginners are welcome; volunteers speak slowly and clearly.",
    ),
    DemoService(
        "eacl-everyday-maths", "estuary-adult-learning", "Everyday maths",
        ("Maths and literacy",), ("netteswell-rooms",), (weekly("WE", "18:00", "20:00"),),
        "Build confidence with numbers for everyday life and work, working towards a qualification.",
        first_visit="A friendly assessment in the first week.",
        referral=PHONE, minimum_age=19,
    ),
    DemoService(
        "eacl-family-history", "estuary-adult-learning", "Family history for beginners",
        ("Adult learning courses",), ("estuary-adult-learning-online",), (weekly("TH", "14:00", "16:00"),),
        "Research your family tree using online records. For adults who are comfortable using a computer.",
        first_visit="Enrol online; you need a computer or tablet.",
        costs=(course("45", 6),), referral=EMAIL, state=ARCHIVED,
    ),
    # Volunteering
    DemoService(
        "cva-volunteer-centre", "chelmer-voluntary-action", "Volunteer centre",
        ("Volunteering opportunities",), ("cva-baddow-road",), (weekly("WE", "10:00", "14:00"),),
        "Find a volunteering role that suits you from hundreds of local opportunities.",
        first_visit="Drop in for a chat about what you enjoy.",
    ),
    DemoService(
        "colne-supported-volunteering", "colne-community-hub", "Supported volunteering",
        ("Supported volunteering",), ("colne-hub-crouch-street",), (),
        "Volunteering with a named mentor for people with learning disabilities, mental health needs or "
        "little work experience.",
        first_visit="We meet you first to find the right role.",
        referral=LINKWELL, minimum_age=18,
    ),
    DemoService(
        "food-bank-volunteering", "chelmer-valley-food-bank", "Volunteer at the food bank",
        ("Volunteering opportunities",), ("chelmer-food-bank-warehouse",), (),
        "Sort donations, pack parcels or welcome guests. Roles for adults and young people over 16, a few "
        "hours a week.",
        first_visit="Email us to book a taster shift.",
        referral=EMAIL, minimum_age=16,
    ),
    # Carers
    DemoService(
        "chelmer-carers-cafe", "chelmer-carers-network", "Carers' café",
        ("Carers' support groups",), ("springfield-green-hall",), (monthly("2TU", "10:30", "12:30"),),
        "Coffee, cake and company with other carers, and an adviser on hand. For unpaid carers of any age "
        "caring for a family member or friend.",
        first_visit="Bring the person you care for if you need to.",
    ),
    DemoService(
        "shoreline-carers-group", "shoreline-wellbeing", "Carers' support group",
        ("Carers' support groups",), ("shoreline-centre",), (monthly("4TH", "18:30", "20:00"),),
        "An evening group for carers who work during the day. For anyone looking after a relative or friend, "
        "to share experiences and get information.",
        first_visit="Just come along. No referral is needed.",
    ),
    DemoService(
        "chelmer-carers-sitting", "chelmer-carers-network", "Sitting service",
        ("Respite and breaks",), ("by-phone",), (),
        "A trained volunteer sits with the person you care for, for up to three hours a week. For carers who "
        "need a regular break to rest, shop or see friends.",
        first_visit="A coordinator visits to meet you both.",
        referral=LINKWELL, capacity=Capacity(CapacityStatus.WAITLIST, 0, 25),
    ),
    DemoService(
        "young-carers-colchester", "young-carers-estuary", "Young carers club",
        ("Young carers", "Youth groups"), ("maidenburgh-youth-centre",),
        (fortnightly("WE", "16:30", "18:30", "2026-09-02"),),
        "Games, trips and time to be a young person, every other week. For children aged 8 to 18 who help "
        "look after someone at home.",
        first_visit="A worker visits your family first.",
        referral=LINKWELL, minimum_age=8, maximum_age=18,
    ),
    DemoService(
        "young-carers-basildon", "young-carers-estuary", "Young carers group",
        ("Young carers",), ("the-loft-youth-centre",), (weekly("TH", "16:30", "18:00"),),
        "A weekly group for young carers in Basildon. For children aged 8 to 18 who look after someone, with "
        "games, homework help and trips.",
        first_visit="Referral from school or a link worker.",
        referral=LINKWELL, minimum_age=8, maximum_age=18,
    ),
    # Bereavement
    DemoService(
        "cedar-tree-bereavement-cafe", "cedar-tree-bereavement", "Bereavement café",
        ("Bereavement support groups",), ("springfield-green-hall",), (monthly("1WE", "14:00", "16:00"),),
        "A gentle space to talk, or just listen, with others who are grieving. For adults who have been "
        "bereaved, however long ago.",
        first_visit="Come along. A volunteer will look out for you.",
    ),
    DemoService(
        "cedar-tree-counselling", "cedar-tree-bereavement", "Bereavement counselling",
        ("Bereavement counselling",), ("moulsham-community-hall", "by-phone"), (),
        "Up to twelve sessions with a qualified counsellor, in person or by phone.",
        first_visit="An assessment call first, usually within three weeks of the referral.",
        costs=(donation("10"),), referral=LINKWELL, minimum_age=18,
        capacity=Capacity(CapacityStatus.WAITLIST, 0, 30),
    ),
    DemoService(
        "cedar-tree-walk-and-talk", "cedar-tree-bereavement", "Walk and talk after loss",
        ("Bereavement support groups", "Walking groups"), ("pier-hill-meeting-point",),
        (fortnightly("SA", "10:30", "12:00", "2026-09-05"),),
        "A gentle seafront walk with others who have lost someone. For bereaved adults who find it easier to "
        "talk side by side than face to face.",
        first_visit="Meet at the top of the Pier Hill lift.",
    ),
    DemoService(
        "cedar-tree-suicide-bereavement", "cedar-tree-bereavement", "Bereaved by suicide group (online)",
        ("Bereavement support groups", "Peer support groups"), ("cedar-tree-online",),
        (monthly("3MO", "19:00", "20:30"),),
        "A facilitated online group for people bereaved by suicide. For adults who have lost someone to "
        "suicide, however long ago.",
        first_visit="Email us to join. A facilitator will phone you before your first group.",
        referral=EMAIL, minimum_age=18,
    ),
    # Mental health and wellbeing
    DemoService(
        "cmm-low-cost-counselling", "chelmer-minds-matter", "Low-cost counselling",
        ("Talking therapies and counselling",), ("rainsford-wellbeing-centre", "chelmer-minds-online"), (),
        "Twelve weekly sessions with a counsellor; fees on a sliding scale. For adults with anxiety, "
        "depression, relationship problems or stress.",
        first_visit="An assessment by phone first, usually within two weeks, to match you with a counsellor.",
        costs=(DemoCost("Per session", Decimal("10.00"), "From £10 to £40, depending on income"),),
        referral=LINKWELL, minimum_age=18, capacity=Capacity(CapacityStatus.WAITLIST, 0, 50),
    ),
    DemoService(
        "cmm-managing-anxiety", "chelmer-minds-matter", "Managing anxiety course",
        ("Wellbeing courses",), ("chelmer-minds-online",), (weekly("TH", "18:30", "20:00"),),
        "A six-week online course on what anxiety is, why it keeps going and practical ways to manage "
        "worry, panic and avoidance, run by a psychological wellbeing practitioner.",
        first_visit="Book by email and we send a short questionnaire and the video link. You do not have "
        "to speak in the group.",
        referral=EMAIL, minimum_age=18,
    ),
    DemoService(
        "cmm-sleep-well", "chelmer-minds-matter", "Sleep well workshop",
        ("Wellbeing courses",), ("rainsford-wellbeing-centre",), (monthly("2MO", "13:30", "15:30"),),
        "A two-hour workshop on why sleep goes wrong and what helps, with a sleep diary to take home.",
        first_visit="Book by email. Tea and coffee are provided.",
        referral=EMAIL, minimum_age=18,
    ),
    DemoService(
        "shoreline-peer-support", "shoreline-wellbeing", "Peer support drop-in",
        ("Mental health peer support",), ("shoreline-centre",), (weekly("TU", "18:00", "20:00"),),
        "A relaxed evening drop-in run by people with their own experience of mental ill health. Talk, play "
        "a game or just have a cup of tea somewhere safe.",
        first_visit="Just come in; a peer worker will show you round. You do not have to talk about why you "
        "came.",
        minimum_age=18,
    ),
    DemoService(
        "estuary-listening-line", "estuary-listening-line", "Listening line",
        ("Crisis and listening support",), ("by-phone",), (weekly("MO,TU,WE,TH,FR,SA,SU", "18:00", "23:00"),),
        "Trained volunteers who listen, without judging or telling you what to do, every evening of the "
        "year. Calls are confidential and do not show on phone bills.",
        first_visit="Call any evening. If your life is in danger now, call 999 or go to A&E.",
        referral=PHONE, minimum_age=16,
    ),
    DemoService(
        "cmm-evening-safe-space", "chelmer-minds-matter", "Evening safe space",
        ("Crisis and listening support",), ("rainsford-wellbeing-centre",), (weekly("FR,SA,SU", "18:00", "23:00"),),
        "A calm, homely place to go when things feel too much, with support workers to talk to and help "
        "making a plan for the days ahead. An alternative to A&E for people in emotional distress.",
        first_visit="Phone first if you can so we can expect you, but you can also just ring the bell.",
        minimum_age=18,
    ),
    DemoService(
        "basildon-chaps-chat", "basildon-together", "Chaps' chat",
        ("Mental health peer support", "Peer support groups"), ("basildon-together-hub",),
        (weekly("MO", "19:00", "20:30"),),
        "A talking group for men over 18: no advice, no judgement and no need to share unless you want to. "
        "What is said in the room stays in the room.",
        first_visit="Come to the hub's side door. Tea, coffee and biscuits are on us.",
        minimum_age=18,
    ),
    DemoService(
        "harlow-youth-counselling", "harlow-youth-space", "Youth counselling",
        ("Talking therapies and counselling",), ("harlow-youth-space-stow",), (),
        "Free, confidential counselling for young people aged 11 to 18, in person after school or during "
        "the holidays.",
        first_visit="Young people can refer themselves; parents and professionals can refer with the young "
        "person's agreement. A counsellor meets them first to agree what would help.",
        referral=EMAIL, minimum_age=11, maximum_age=18, capacity=Capacity(CapacityStatus.WAITLIST, 0, 20),
    ),
    # Long-term conditions
    DemoService(
        "sweet-talk-diabetes-group", "sweet-talk-diabetes", "Diabetes support group",
        ("Condition support groups",), ("market-road-library",), (monthly("3TH", "19:00", "20:30"),),
        "People living with type 1 or type 2 diabetes share what works for them, and a speaker (a dietitian, "
        "a podiatrist, a diabetes nurse) comes to most meetings.",
        first_visit="Just come along; partners are welcome too.",
    ),
    DemoService(
        "breathe-well-support-group", "breathe-well-basildon", "Lung health support group",
        ("Condition support groups",), ("pitsea-community-centre",), (monthly("2MO", "14:00", "15:30"),),
        "A monthly group for people living with COPD, bronchiectasis and other lung conditions, with gentle "
        "breathing exercises, talks and a chat.",
        first_visit="Bring your inhalers. Oxygen users are very welcome.",
    ),
    DemoService(
        "stort-valley-stroke-club", "stort-valley-stroke-club", "Stroke club",
        ("Condition support groups",), ("netteswell-rooms",), (weekly("TH", "10:00", "13:00"),),
        "Seated exercise, games, speech practice and a hot lunch for stroke survivors and their families.",
        first_visit="Phone to let us know you are coming; our minibus can collect you from home in Harlow.",
        costs=(per_session("3.00", "Including lunch"),), referral=PHONE,
    ),
    DemoService(
        "memory-lane-chelmsford", "memory-lane-cafes", "Memory café, Chelmsford",
        ("Dementia support",), ("moulsham-community-hall",), (monthly("2WE", "14:00", "16:00"),),
        "A relaxed afternoon for people living with dementia or memory problems and the people who care for "
        "them: music, reminiscence, tea and a dementia adviser to talk to.",
        first_visit="Come together; no diagnosis needed. Free.",
    ),
    DemoService(
        "memory-lane-southend", "memory-lane-cafes", "Sing and remember, Southend",
        ("Dementia support", "Music and singing"), ("victoria-avenue-club",), (monthly("1FR", "10:30", "12:00"),),
        "Singing familiar songs and warm-ups for people living with dementia and their carers, with song "
        "sheets in large print.",
        first_visit="Free. Carers stay for the session.",
    ),
    DemoService(
        "epn-living-well-with-pain", "estuary-pain-network", "Living well with pain course",
        ("Pain management", "Self-management courses"), ("great-square-rooms", "pain-network-online"),
        (weekly("MO", "13:30", "15:30"),),
        "A six-week course on pacing, movement, sleep, flare-up plans and the links between pain and mood, "
        "run by a physiotherapist and a volunteer who lives with pain.",
        first_visit="After a referral we phone you to choose the Braintree room or the online group.",
        referral=LINKWELL, minimum_age=18,
    ),
    DemoService(
        "epn-pain-peer-group", "estuary-pain-network", "Pain peer group (online)",
        ("Pain management", "Peer support groups"), ("pain-network-online",), (monthly("-1WE", "19:00", "20:30"),),
        "An online group on the last Wednesday of the month for people living with persistent pain, to share "
        "what helps and feel less alone.",
        first_visit="Email to join and we send the link.",
        referral=EMAIL, minimum_age=18,
    ),
    DemoService(
        "epn-long-term-conditions-course", "estuary-pain-network", "Living with a long-term condition",
        ("Self-management courses",), ("kingswood-fellowship-hall",), (weekly("TH", "10:00", "12:30"),),
        "A six-week course for people with any long-term condition: setting goals, managing fatigue, talking "
        "to health professionals and handling low mood.",
        first_visit="Bring a friend or family member if you like.",
        referral=LINKWELL, minimum_age=18,
    ),
    # Families, children and young people
    DemoService(
        "family-roots-stay-and-play", "family-roots-essex", "Stay and play",
        ("Baby and toddler groups",), ("pitsea-community-centre",), (weekly("TU", "09:30", "11:30"),),
        "Messy play, songs and a healthy snack for children under five with their parents or carers, and a "
        "family worker on hand for a quiet word.",
        first_visit="Register on your first visit. Bring spare clothes for messy play.",
        costs=(per_session("1.50", "Per family"),), maximum_age=5,
        eligibility="Children aged 0 to 5 with a parent or carer.",
    ),
    DemoService(
        "library-baby-rhyme-time", "estuary-libraries", "Baby rhyme time",
        ("Baby and toddler groups",), ("market-road-library",), (weekly("FR", "10:00", "10:30"),),
        "Songs, rhymes and stories for babies and toddlers with a parent or carer, then time to borrow books.",
        first_visit="Free; no need to book. Buggies can be left by the children's library.",
        maximum_age=2, eligibility="Babies and toddlers up to 2 with a parent or carer.",
    ),
    DemoService(
        "family-roots-parenting-course", "family-roots-essex", "Parenting course",
        ("Parenting support",), ("kingswood-fellowship-hall",), (weekly("WE", "09:30", "11:30"),),
        "An eight-week course for parents and carers of children aged 2 to 11: routines, behaviour, "
        "boundaries and looking after yourself.",
        first_visit="Book by email. A free crèche is available if you book it.",
        referral=EMAIL, minimum_age=18,
    ),
    DemoService(
        "family-roots-dads-group", "family-roots-essex", "Dads' Saturday club",
        ("Parenting support",), ("wickford-memorial-rooms",), (monthly("2SA", "10:00", "12:00"),),
        "A monthly Saturday morning for dads, granddads and male carers and their children: play, a bacon "
        "roll and a chat.",
        first_visit="Just come along with your children.",
        state=DRAFT,
    ),
    DemoService(
        "harlow-youth-club", "harlow-youth-space", "Youth club",
        ("Youth groups",), ("harlow-youth-space-stow",), (weekly("TU,TH", "18:00", "20:30"),),
        "Pool, gaming, music, cooking and youth workers to talk to, for young people aged 11 to 18.",
        first_visit="Fill in a membership form on your first visit; a parent signs it if you are under 16.",
        minimum_age=11, maximum_age=18,
    ),
    DemoService(
        "grays-youth-club", "grays-riverside-youth", "Riverside youth club",
        ("Youth groups",), ("grays-quarry-hill",), (weekly("WE,FR", "18:00", "21:00"),),
        "An open youth club with sport, music production, a tuck shop and trips in the holidays.",
        first_visit="Free. Just come along with a friend.",
        minimum_age=11, maximum_age=18,
    ),
    DemoService(
        "castle-ward-open-youth", "castle-ward-youth", "Open youth sessions",
        ("Youth groups",), ("maidenburgh-youth-centre",), (weekly("MO,TH", "17:00", "20:00"),),
        "Drop-in youth work in the town centre: a safe place to hang out, a hot meal on Mondays and help with "
        "anything from school to relationships.",
        first_visit="Free. Young people can come on their own.",
        minimum_age=11, maximum_age=19,
    ),
    DemoService(
        "basildon-summer-youth", "basildon-youth-collective", "Summer holiday activities",
        ("Youth groups",), ("the-loft-youth-centre",), (weekly("MO,TU,WE,TH", "10:00", "15:00"),),
        "Four weeks of sport, art and trips with a free lunch over the summer holidays.",
        first_visit="Booking has closed for this year.",
        minimum_age=11, maximum_age=16, state=ARCHIVED,
    ),
    # Safety and abuse
    DemoService(
        "safe-spaces-helpline", "estuary-safe-spaces", "Domestic abuse support line",
        ("Domestic abuse support",), ("by-phone",), (weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        "Confidential advice and support for anyone experiencing domestic abuse, including safety planning, "
        "help with refuge and housing, and support through court.",
        first_visit="Call when it is safe to. We will never leave a message unless you say we can. In an "
        "emergency, call 999.",
        referral=PHONE, languages=("en", "pl", "ar"),
        interpretation="Telephone interpreters for any language.",
    ),
    DemoService(
        "safe-spaces-recovery-group", "estuary-safe-spaces", "Moving on recovery group",
        ("Domestic abuse support", "Peer support groups"), ("by-phone",), (),
        "A 12-week group for women who have left an abusive relationship, held at a confidential venue.",
        first_visit="A worker meets you first; the venue is shared only after that meeting.",
        referral=LINKWELL, minimum_age=18,
    ),
    DemoService(
        "scam-proof-sessions", "estuary-county-council", "Scam-proof sessions",
        ("Scams and fraud", "Digital skills"), ("trinity-library",), (monthly("1TU", "14:00", "15:30"),),
        "Trading standards officers explain the latest doorstep, phone and online scams, and how to get "
        "help if you have been caught out.",
        first_visit="Free; no need to book. Bring any letters or messages you are unsure about.",
    ),
    # Drugs, alcohol and gambling
    DemoService(
        "recovery-alcohol-drop-in", "estuary-recovery-network", "Alcohol drop-in",
        ("Alcohol support",), ("york-road-recovery-hub",), (weekly("MO,TH", "10:00", "13:00"),),
        "A confidential chat with a recovery worker about your drinking, whether you want to cut down or "
        "stop, with access to detox and aftercare.",
        first_visit="Just come in. Please do not stop drinking suddenly before you have talked to us.",
        minimum_age=18,
    ),
    DemoService(
        "recovery-drug-support", "estuary-recovery-network", "Drug treatment and support",
        ("Drug support",), ("york-road-recovery-hub",), (weekly("TU,FR", "10:00", "16:00"),),
        "Assessment, prescribing, harm reduction, needle exchange and one-to-one recovery support.",
        first_visit="Walk in or phone. Bring a list of any medicines you take.",
        minimum_age=18,
    ),
    DemoService(
        "recovery-evening-meeting", "estuary-recovery-network", "Wednesday recovery meeting",
        ("Alcohol support", "Drug support", "Peer support groups"), ("york-road-recovery-hub",),
        (weekly("WE", "18:30", "20:00"),),
        "A peer-led mutual aid meeting for anyone in recovery from alcohol or drugs, or thinking about it.",
        first_visit="Just come along; you do not have to speak.",
        minimum_age=18,
    ),
    DemoService(
        "fair-odds-support", "fair-odds-essex", "Gambling support",
        ("Gambling support",), ("fair-odds-online", "by-phone"), (),
        "Free counselling, money advice and blocking tools for people whose gambling is causing harm, and "
        "support for their families.",
        first_visit="Phone or start a webchat; we offer a first session within a week.",
        referral=PHONE,
    ),
    DemoService(
        "smokefree-stop-smoking", "smokefree-estuary", "Stop smoking service",
        ("Stop smoking",), ("by-phone", "basildon-together-hub"), (weekly("WE", "13:00", "17:00", "Basildon clinic"),),
        "Twelve weeks of support from a stop smoking adviser, with free nicotine replacement or a vape "
        "starter kit.",
        first_visit="After a referral an adviser calls to set a quit date. You can also book a clinic slot.",
        referral=LINKWELL, minimum_age=12,
    ),
    # Community transport
    DemoService(
        "brain-valley-dial-a-ride", "brain-valley-transport", "Dial-a-ride",
        ("Dial-a-ride and community buses",), ("bocking-end-office",),
        (weekly("MO,TU,WE,TH,FR", "09:00", "16:00"),),
        "Door-to-door minibus trips for shopping, appointments and social activities, for people who cannot "
        "easily use buses. Every vehicle has a wheelchair lift.",
        first_visit="Register by phone, then book trips up to a week ahead.",
        costs=(per_session("3.50", "Per single trip"),), referral=PHONE,
    ),
    DemoService(
        "roach-valley-car-scheme", "roach-valley-drivers", "Volunteer car scheme",
        ("Volunteer car schemes",), ("rochford-market-hall",), (),
        "Volunteer drivers take you to medical appointments, the shops or social groups, and wait to bring "
        "you home.",
        first_visit="Register by phone and give three working days' notice for each trip.",
        costs=(DemoCost("Per mile", Decimal("0.45"), "45p a mile, paid to the driver"),), referral=PHONE,
    ),
    DemoService(
        "tendring-shopper-bus", "tendring-coast-trust", "Shopper bus",
        ("Dial-a-ride and community buses",), ("tendring-station-road",), (weekly("TH", "09:30", "13:30"),),
        "A weekly minibus from Jaywick and Holland-on-Sea to Clacton town centre, with help with bags.",
        first_visit="Phone by Tuesday to book a seat.",
        costs=(per_session("2.00", "Return trip"),), referral=PHONE,
    ),
    # Digital inclusion
    DemoService(
        "library-digital-drop-in", "estuary-libraries", "Digital help drop-in",
        ("Digital skills",), ("market-road-library",), (weekly("TU", "10:00", "12:00"),),
        "Digital champions help with phones, tablets, email, video calls, the NHS App and online forms.",
        first_visit="Bring your device and charger, and any passwords you know.",
    ),
    DemoService(
        "get-online-device-loans", "get-online-estuary", "Device and data loans",
        ("Devices and data",), ("get-online-helpline",), (),
        "A free tablet or laptop and six months of mobile data for people who are offline, with help to set "
        "it up.",
        first_visit="After a referral a digital champion phones to arrange delivery and a first lesson.",
        referral=LINKWELL, capacity=Capacity(CapacityStatus.FULL, 0, 80),
    ),
    DemoService(
        "get-online-tech-help", "get-online-estuary", "Tech help for over-60s",
        ("Digital skills",), ("shoeburyness-hall",), (weekly("WE", "13:30", "15:30"),),
        "Patient one-to-one help with your own phone or tablet, over tea and biscuits. For people over 60 who "
        "want to use their device with confidence.",
        first_visit="Bring your device, its charger and any passwords.",
        minimum_age=60,
    ),
    DemoService(
        "get-online-helpline", "get-online-estuary", "Digital helpline",
        ("Digital skills",), ("get-online-helpline",), (weekly("MO,TU,WE,TH,FR", "10:00", "16:00"),),
        "Help on the phone with getting online, from setting up email to booking a GP appointment online.",
        first_visit="Call with your device nearby, charged and switched on.",
        referral=PHONE,
    ),
    # Legal and advice
    DemoService(
        "chelmer-general-advice", "chelmer-advice-centre", "Advice drop-in",
        ("General advice",), ("chelmer-advice-duke-street",), (weekly("MO,WE,FR", "09:30", "13:00"),),
        "Free, independent advice on anything from employment rights and consumer problems to family and "
        "immigration questions, with referral to specialists where needed.",
        first_visit="Come in and a volunteer assessor will see you, usually within the hour. Bring any "
        "letters about the problem.",
    ),
    DemoService(
        "estuary-immigration-advice", "estuary-migrant-advice", "Immigration advice",
        ("Immigration advice",), ("st-botolphs-street-rooms",),
        (weekly("TH", "10:00", "16:00", "By appointment"),),
        "Free immigration advice from advisers regulated by the Immigration Advice Authority, for people on "
        "low incomes: visas, settlement, the EU Settlement Scheme and family reunion.",
        first_visit="Email to book. Bring your passport, your BRP or share code and any Home Office letters.",
        referral=EMAIL, languages=("en", "ar", "fa", "uk"),
    ),
    DemoService(
        "colne-refugee-welcome-drop-in", "colne-refugee-welcome", "Welcome drop-in",
        ("General advice", "Cultural community groups"), ("st-botolphs-street-rooms",),
        (weekly("FR", "13:00", "16:00"),),
        "A friendly Friday drop-in for refugees and people seeking asylum: advice, donated clothes, "
        "hot food and conversation.",
        first_visit="Just come in. Interpreters are often there; tell us your language.",
        languages=("en", "ar", "fa", "uk"),
    ),
    # Faith and culture
    DemoService(
        "chelmer-bengali-gatherings", "chelmer-bengali-association", "Bengali community gatherings",
        ("Cultural community groups",), ("melbourne-community-centre",), (monthly("1SU", "14:00", "18:00"),),
        "A monthly afternoon of food, music and conversation for Bengali families, with a women's circle "
        "and Bangla classes for children.",
        first_visit="Everyone is welcome; bring a dish to share if you like.",
        languages=("bn", "en"),
    ),
    DemoService(
        "polish-community-club", "polish-community-southend", "Polish community club",
        ("Cultural community groups",), ("victoria-avenue-club",), (weekly("SA", "12:00", "16:00"),),
        "A Saturday club with Polish food, a library, advice in Polish and Saturday school for children.",
        first_visit="Come in and say hello. Newcomers to Southend are especially welcome.",
        languages=("pl", "en"),
    ),
    DemoService(
        "kingswood-warm-welcome", "kingswood-fellowship", "Warm welcome café",
        ("Faith-based community support", "Lunch clubs and cafés"), ("kingswood-fellowship-hall",),
        (weekly("TU", "11:00", "15:00"),),
        "A warm, free place to spend the day with soup, hot drinks, phone charging and Wi-Fi. Everyone "
        "welcome, of any faith or none.",
        first_visit="Just come in. Soup is served from midday.",
    ),
    DemoService(
        "kingswood-winter-warm-space-2025", "kingswood-fellowship", "Winter warm space 2025",
        ("Faith-based community support",), ("kingswood-fellowship-hall",), (weekly("TH", "11:00", "15:00"),),
        "Last winter's extra Thursday warm space, now replaced by the Tuesday warm welcome café.",
        state=ARCHIVED,
    ),
    DemoService(
        "harlow-faith-forum-kitchen", "harlow-faith-forum", "Sunday community kitchen",
        ("Faith-based community support", "Lunch clubs and cafés"), ("broad-walk-rooms",),
        (weekly("SU", "12:30", "14:30"),),
        "A free hot Sunday lunch cooked by volunteers from Harlow's faith communities, for anyone who would "
        "like a meal and company.",
        first_visit="No need to book; vegetarian and halal food is always available.",
        status=TEMPORARILY_CLOSED,
        alert="Closed until 11 January while the kitchen is refitted.",
    ),
]
# fmt: on
