"""The SQL that enforces roles on a server project (installed by ``roles.install``): helper
functions naming the member a session is, triggers stamping rows from the login, the
SECURITY DEFINER functions that manage members and settings, and the row-level security.

Every name inside is schema-qualified and the functions pin their ``search_path``, so a
member's own ``search_path`` (or a temporary table) cannot swap a table or function.
"""

from __future__ import annotations

import re

PER_CODER = {
    "codings": "coder_id",
    "media_codings": "coder_id",
    "annotations": "coder_id",
    "memos": "author_id",
    "source_status": "coder_id",
}
"""Tables whose rows belong to one coder (the column naming them): only they change them."""
BLIND_TABLES = ("codings", "media_codings", "annotations")
BLIND_KINDS = ("coding", "media_coding", "annotation")
"""What blind coding hides from other coders (as a table, and as a row kind in tombstones,
the audit log and the change feed)."""
CODEBOOK = ("codes", "code_relations", "map_positions")
LIVE_TABLES = ("presence", "text_leases")
"""The live tables (``live_tables.py``) whose rows name a coder."""

# PL/pgSQL keeps each query's plan for the session (an SQL function would plan it anew in
# every statement that calls it).
HELPERS = """
CREATE FUNCTION public.wb_member_role() RETURNS text LANGUAGE plpgsql STABLE AS $$ BEGIN
  RETURN (SELECT role FROM public.members WHERE login = session_user);
END $$;
CREATE FUNCTION public.wb_coder_uuid() RETURNS varchar LANGUAGE plpgsql STABLE AS $$ BEGIN
  RETURN (SELECT coder_uuid FROM public.members WHERE login = session_user);
END $$;
CREATE FUNCTION public.wb_coder_id() RETURNS integer LANGUAGE plpgsql STABLE AS $$ BEGIN
  RETURN (SELECT c.id FROM public.coders c JOIN public.members m ON c.uuid = m.coder_uuid
          WHERE m.login = session_user);
END $$;
CREATE FUNCTION public.wb_is_owner() RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN
  RETURN coalesce((SELECT role = 'owner' FROM public.members WHERE login = session_user), false)
    OR coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user), false)
    OR session_user = (SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database
                       WHERE datname = pg_catalog.current_database());
END $$;
CREATE FUNCTION public.wb_setting(k text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN
  RETURN coalesce((SELECT value = 'on' FROM public.server_meta WHERE key = k), false);
END $$;
CREATE FUNCTION public.wb_sees_all() RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN
  RETURN public.wb_is_owner() OR NOT public.wb_setting('blind');
END $$;
CREATE FUNCTION public.wb_may_edit_codebook() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN public.wb_is_owner() OR (public.wb_member_role() = 'coder'
    AND public.wb_setting('coders_edit_codebook') AND NOT public.wb_setting('blind'));
END $$;
"""

# Stamps are taken from the login: a coder's rows and tombstones carry the coder they connect
# as; an owner's keep what the write gave (a merge keeps each row's author). The audit log and
# the feed name every member, and the audit log the database user of every change.
TRIGGERS = """
CREATE FUNCTION public.wb_stamp() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE role text := public.wb_member_role();
BEGIN  -- TG_ARGV[0]: the column naming the writer; TG_ARGV[1] = 'all': owners' rows too
  IF role IN ('coder', 'reader') OR (TG_ARGV[1] = 'all' AND role IS NOT NULL) THEN
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], public.wb_coder_uuid()));
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION public.wb_stamp_audit() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE who public.members%ROWTYPE;
BEGIN
  NEW.db_user := session_user;
  SELECT * INTO who FROM public.members WHERE login = session_user;
  IF FOUND THEN
    NEW.coder_uuid := who.coder_uuid;
    NEW.coder_name := coalesce(
      (SELECT name FROM public.coders WHERE uuid = who.coder_uuid), who.name);
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION public.wb_guard_project() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT public.wb_is_owner() THEN
    IF NEW.revision NOT IN (OLD.revision, OLD.revision + 1) THEN
      RAISE EXCEPTION 'a write moves the project''s revision on by one'
        USING ERRCODE = '42501';
    END IF;
    NEW.modified_by := public.wb_coder_uuid();
  END IF;
  RETURN NEW;
END $$;
"""

# Members and settings change only through these, owned by the one who installed the roles
# (who may create roles): an owner member manages members without being able to create roles.
MANAGEMENT = """
CREATE FUNCTION public.wb_require_owner() RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT public.wb_is_owner() THEN
    RAISE EXCEPTION 'only the project''s owners may do this' USING ERRCODE = '42501';
  END IF;
END $$;
CREATE FUNCTION public.wb_add_member(
  p_name text, p_login text, p_role text, p_coder_uuid text, p_password text
) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM public.wb_require_owner();
  IF p_role NOT IN ('owner', 'coder', 'reader') THEN
    RAISE EXCEPTION 'no such role: %', p_role USING ERRCODE = '22023';
  END IF;
  IF left(p_login, length({prefix})) <> {prefix} THEN
    RAISE EXCEPTION 'a member login begins with %', {prefix} USING ERRCODE = '22023';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_password);
  EXECUTE format('GRANT %I TO %I', public.wb_group(p_role), p_login);
  INSERT INTO public.members (name, login, role, coder_uuid)
    VALUES (p_name, p_login, p_role, p_coder_uuid);
END $$;
CREATE FUNCTION public.wb_add_owner(p_name text, p_coder_uuid text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM public.wb_require_owner();
  EXECUTE format('GRANT %I TO %I', public.wb_group('owner'), session_user);
  INSERT INTO public.members (name, login, role, coder_uuid)
    VALUES (p_name, session_user, 'owner', p_coder_uuid);
END $$;
CREATE FUNCTION public.wb_remove_member(p_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE who public.members%ROWTYPE;
BEGIN
  PERFORM public.wb_require_owner();
  SELECT * INTO who FROM public.members WHERE name = p_name;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the project has no member named %', p_name USING ERRCODE = '22023';
  END IF;
  IF who.role = 'owner'
     AND (SELECT count(*) FROM public.members WHERE role = 'owner') = 1 THEN
    RAISE EXCEPTION 'the project''s last owner stays: make another member an owner first'
      USING ERRCODE = '22023';
  END IF;
  DELETE FROM public.members WHERE name = p_name;
  IF left(who.login, length({prefix})) = {prefix} THEN
    EXECUTE format('DROP ROLE %I', who.login);
  ELSE  -- a login of its own (the publisher): only its place in the project goes
    EXECUTE format('REVOKE %I FROM %I', public.wb_group(who.role), who.login);
  END IF;
END $$;
CREATE FUNCTION public.wb_set_setting(p_key text, p_on boolean)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM public.wb_require_owner();
  IF p_key NOT IN ('blind', 'coders_edit_codebook') THEN
    RAISE EXCEPTION 'no such setting: %', p_key USING ERRCODE = '22023';
  END IF;
  INSERT INTO public.server_meta (key, value)
    VALUES (p_key, CASE WHEN p_on THEN 'on' ELSE 'off' END)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
END $$;
"""

MANAGEMENT_FUNCTIONS = (
    "wb_add_member(text, text, text, text, text)",
    "wb_add_owner(text, text)",
    "wb_remove_member(text)",
    "wb_set_setting(text, boolean)",
)


def _once(condition: str) -> str:
    """Each helper call as a subquery: PostgreSQL computes it once per statement (an
    InitPlan) rather than once per row, which a scan of thousands of codings would feel."""
    return re.sub(r"public\.wb_\w+\([^()]*\)", lambda m: f"(SELECT {m.group(0)})", condition)


def policies() -> list[str]:
    """Row-level security: every per-coder row changed only by its coder (WITH CHECK, so no
    row goes in under another's id); while blind, a coder sees only their own codings and
    annotations, there and in tombstones, the audit log and the change feed."""
    out: list[str] = []

    def policy(table: str, name: str, command: str, using: str | None, check: str | None) -> None:
        clauses = f" USING ({_once(using)})" if using else ""
        clauses += f" WITH CHECK ({_once(check)})" if check else ""
        out.append(f"CREATE POLICY {name} ON public.{table} FOR {command}{clauses}")

    mine_or_owner = "public.wb_is_owner() OR {col} = public.wb_coder_id()"
    for table, col in PER_CODER.items():
        mine = mine_or_owner.format(col=col)
        if table in BLIND_TABLES:
            see = f"public.wb_sees_all() OR {col} = public.wb_coder_id()"
        elif table == "memos":  # a memo on a coding or annotation is hidden with it
            see = (
                f"public.wb_sees_all() OR {col} = public.wb_coder_id()"
                " OR (coding_id IS NULL AND annotation_id IS NULL)"
            )
        else:
            see = "true"
        policy(table, "wb_see", "SELECT", see, None)
        policy(table, "wb_add", "INSERT", None, mine)
        policy(table, "wb_edit", "UPDATE", mine, mine)
        policy(table, "wb_drop", "DELETE", mine, None)
    for table in CODEBOOK:
        policy(table, "wb_see", "SELECT", "true", None)
        policy(table, "wb_add", "INSERT", None, "public.wb_may_edit_codebook()")
        policy(table, "wb_edit", "UPDATE", "true", "public.wb_may_edit_codebook()")
        policy(table, "wb_drop", "DELETE", "public.wb_may_edit_codebook()", None)
    for table in ("sources", "media"):  # while blind, texts are corrected by owners only
        writer = "public.wb_is_owner() OR public.wb_member_role() = 'coder'"
        policy(table, "wb_see", "SELECT", "true", None)
        policy(table, "wb_add", "INSERT", None, writer)
        policy(table, "wb_edit", "UPDATE", "true", "public.wb_sees_all()")
        policy(table, "wb_drop", "DELETE", "public.wb_is_owner()", None)
    own_coder = "public.wb_is_owner() OR uuid = public.wb_coder_uuid()"
    as_member = (  # a coder's row is made by their first change, under their member name
        "public.wb_is_owner() OR (uuid = public.wb_coder_uuid() AND name ="
        " (SELECT m.name FROM public.members m WHERE m.login = session_user))"
    )
    policy("coders", "wb_see", "SELECT", "true", None)
    policy("coders", "wb_add", "INSERT", None, as_member)
    policy("coders", "wb_edit", "UPDATE", own_coder, own_coder)
    policy("coders", "wb_drop", "DELETE", "public.wb_is_owner()", None)
    hidden = ", ".join(f"'{k}'" for k in BLIND_KINDS)
    own_tomb = "public.wb_is_owner() OR deleted_by = public.wb_coder_uuid()"
    policy(
        "tombstones",
        "wb_see",
        "SELECT",
        f"public.wb_sees_all() OR kind NOT IN ({hidden}) OR deleted_by = public.wb_coder_uuid()",
        None,
    )
    policy("tombstones", "wb_add", "INSERT", None, own_tomb)
    policy("tombstones", "wb_edit", "UPDATE", own_tomb, own_tomb)
    policy("tombstones", "wb_drop", "DELETE", own_tomb, None)
    own_entry = (
        "coder_uuid = public.wb_coder_uuid()"
        " OR (public.wb_member_role() IS NULL AND public.wb_is_owner())"
    )
    policy(
        "audit_log",
        "wb_see",
        "SELECT",
        "public.wb_sees_all() OR entity_kind NOT IN "
        f"({hidden}) OR coder_uuid = public.wb_coder_uuid()",
        None,
    )
    policy("audit_log", "wb_add", "INSERT", None, "true")
    policy("audit_log", "wb_edit", "UPDATE", own_entry, own_entry)  # a burst's own entry
    policy(
        "change_revisions",
        "wb_see",
        "SELECT",
        "public.wb_sees_all() OR coder_uuid = public.wb_coder_uuid()",
        None,
    )
    # Feed rows only for the revision being written (no row that would block a later one).
    current = "public.wb_is_owner() OR revision = (SELECT revision FROM public.project)"
    policy("change_revisions", "wb_add", "INSERT", None, current)
    policy(
        "changes",
        "wb_see",
        "SELECT",
        f"public.wb_sees_all() OR kind NOT IN ({hidden}) OR EXISTS (SELECT 1 FROM "
        "public.change_revisions r WHERE r.revision = changes.revision"
        " AND r.coder_uuid = public.wb_coder_uuid())",
        None,
    )
    policy("changes", "wb_add", "INSERT", None, current)
    # Presence and text leases name their coder: a member writes them as themselves only.
    as_me = (
        "coder = (SELECT m.name FROM public.members m WHERE m.login = session_user)"
        " OR (public.wb_member_role() IS NULL AND public.wb_is_owner())"
    )
    for table in LIVE_TABLES:
        policy(table, "wb_see", "SELECT", "true", None)
        policy(table, "wb_add", "INSERT", None, as_me)
        # A lease another coder let expire is taken over (its row updated): the app's
        # ON CONFLICT … WHERE decides when; the row is then the taker's.
        policy(table, "wb_edit", "UPDATE", "true" if table == "text_leases" else as_me, as_me)
        policy(table, "wb_drop", "DELETE", as_me, None)
    return out


def triggers(tracked: list[str]) -> list[str]:
    stamped = [(t, "modified_by", "coders") for t in tracked]
    stamped += [("tombstones", "deleted_by", "coders"), ("change_revisions", "coder_uuid", "all")]
    out = [
        f"CREATE TRIGGER wb_stamp BEFORE INSERT OR UPDATE ON public.{table} "
        f"FOR EACH ROW EXECUTE FUNCTION public.wb_stamp('{column}', '{who}')"
        for table, column, who in stamped
    ]
    out += [
        "CREATE TRIGGER wb_stamp BEFORE INSERT OR UPDATE ON public.audit_log "
        "FOR EACH ROW EXECUTE FUNCTION public.wb_stamp_audit()",
        "CREATE TRIGGER wb_guard BEFORE UPDATE ON public.project "
        "FOR EACH ROW EXECUTE FUNCTION public.wb_guard_project()",
    ]
    return out
