from sqlmodel import Session, select

from heroes.models import Hero, HeroCreate, Team


def create_hero(session: Session, hero: HeroCreate) -> Hero:
    db_hero = Hero.model_validate(hero)
    session.add(db_hero)
    return db_hero


def unmask(session: Session, hero_id: int) -> str:
    hero = session.get(Hero, hero_id)
    return hero.secret_name  # expect: CR103 certain


def find(session: Session, name: str) -> Hero | None:
    return session.exec(select(Hero).where(Hero.secret_name == name)).first()  # expect: CR102 certain


def team_secret(team: Team) -> str:
    return team.secret_name  # expect-not


def make() -> HeroCreate:
    return HeroCreate(name="Deadpond", secret_name="Dive Wilson")  # expect: CR104 certain
