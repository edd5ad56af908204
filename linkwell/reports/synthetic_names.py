"""Names for synthetic people. Given names are common ones; family names are invented (no real surname
list), so a generated record can never be mistaken for a real person, and none matches a named demo person."""

FEMALE_NAMES = (
    "Alice", "Amara", "Anna", "Beatrice", "Bethany", "Carla", "Chloe", "Daisy", "Edith", "Eleanor", "Elsie",
    "Esther", "Fatima", "Florence", "Gemma", "Hannah", "Harriet", "Ines", "Isla", "Jasmine", "Joan", "Julia",
    "Kathleen", "Laila", "Lily", "Lucy", "Maeve", "Maria", "Marion", "Maya", "Nadia", "Nora", "Olive", "Patricia",
    "Pauline", "Rita", "Rosa", "Ruth", "Sadia", "Sandra", "Sofia", "Susan", "Tessa", "Una", "Valerie", "Vera",
    "Wendy", "Yasmin", "Zara", "Zofia",
)  # fmt: skip
MALE_NAMES = (
    "Aaron", "Adam", "Albert", "Amir", "Arthur", "Barry", "Callum", "Colin", "Daniel", "Derek", "Eddie", "Ethan",
    "Felix", "Frank", "Gareth", "George", "Harold", "Idris", "Imran", "Jack", "Jamal", "Kenneth", "Kwame", "Leon",
    "Leonard", "Liam", "Luca", "Malcolm", "Marek", "Nathan", "Neil", "Oliver", "Omar", "Owen", "Patrick", "Peter",
    "Raymond", "Rohan", "Ronald", "Samuel", "Stanley", "Stefan", "Terence", "Theo", "Vikram", "Walter", "Wilfred",
    "Yusuf", "Zach", "Ziggy",
)  # fmt: skip
FAMILY_NAMES = (
    "Ambervale", "Ashbourne-Quill", "Bexwith", "Birchanger", "Blythmoor", "Brackendale", "Brambleton", "Calderwick",
    "Chalcombe", "Cinderford-Hale", "Coldharbour", "Corriwen", "Dapplewick", "Deverhill", "Drummondsey", "Elmscote",
    "Emberley", "Fallowmere", "Farrowdean", "Fenwithy", "Foxcombe", "Galebrook", "Glenharrow", "Greywether",
    "Hallowfield", "Harebell", "Hawkridge-Lane", "Hollowmere", "Ivybridge-Moss", "Juniperwell", "Kestrelby",
    "Kingsmoor", "Larkwhistle", "Lindenhope", "Lowmarsh", "Marrowby", "Meadowsend", "Millthorne", "Moorwick",
    "Nettlecombe", "Northwold", "Oakhanger", "Orchardine", "Pebblecroft", "Pennydale", "Quarrington-Vale",
    "Ravensholt", "Redmarsh", "Rookwood-Ames", "Rushmere", "Saltwhistle", "Sedgeford", "Shinglehurst", "Sloebury",
    "Sorrelby", "Stonechat", "Summerlode", "Tarnwick", "Thistlewood", "Thornbury-Rees", "Umberslade", "Underhay",
    "Vellacombe", "Wadebridge-Orme", "Wheatcroft", "Whinmoor", "Willowmere", "Wrenfield", "Yarrowdale", "Yewbarrow",
    "Zennorbrook",
)  # fmt: skip
