"""The stopwords of ``stopwords.py`` in analyzer form: generated, do not edit.

Regenerate with :func:`seeds_cli.analysis.stopwords.write_generated_module` (a test checks
that it is current)."""

ARABIC = frozenset(
    str.split(
        "اذ اذا اذن اقل اكثر التي الذي الذين اللاتي اللتين اللذين اللواتي الي اليه اليها "
        "اليهم ام امام ان انا انت انتم انه انها انهم او اولءك اي ايض ايضا اين ب بان بعد "
        "بعض بل بما به بها بهم بين تحت تكون تلك تم تي ثم جدا حتي حول حيث حين خلال دون ذات "
        "ذلك ذو ذي ذين سوي ضمن عبر عده علي عليه عليها عليهم عن عند عندم عندما عنه عنها "
        "غير ف فان فقد فقط فوق في فيم فيما فيه فيها فيهم قبل قد ك كان كانت كانوا كذلك كل "
        "كما كي كيف ل لا لات لان لتين لدي لديه لديها لذين لقد لكن لكي لم لن له لها لهم "
        "لهما لو لوات لول لولا ليس ليست ما ماذ ماذا متي مثل مع من منذ منه منها منهم نحن "
        "نحو هءلاء هذا هذه هل هم هما هن هنا هناك هنالك هو هي و والتي والذي والذين والي "
        "وان وذلك وراء وعلي وعن وفق وفي وقد وكان وكانت ولا ولكن ولم وما ومع ومن وهذا وهذه "
        "وهم وهو وهي يتم يكون يكونوا"
    )
)
ENGLISH = frozenset(
    str.split(
        "a about all am an and any are as at be been being but by can could did do doe "
        "does each for from had has hav have he her him his how i if in into is it its "
        "may might must no not of on or our over shall she should so such than that the "
        "their them then thes these they this thos those to us was we wer were what when "
        "wher where which who whom why will with would you your"
    )
)
