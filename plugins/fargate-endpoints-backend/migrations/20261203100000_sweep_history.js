// @ts-check

/**
 * The sweep's memory: the latest result of every linked entity (cards and the overview are
 * served from it), the history of verdicts with a compact VPC fingerprint per entry, the
 * incidents owners are told about, and a log of sweeps. Times are epoch milliseconds, so
 * SQLite and PostgreSQL compare them alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fargate_endpoints_latest', table => {
    table.comment('The latest sweep result of every linked entity');
    table.string('entity_ref', 255).primary().notNullable();
    table
      .string('target_key', 1024)
      .notNullable()
      .comment('What the annotations pointed at when checked');
    table.text('report').notNullable().comment('The CheckReport, JSON');
    table.bigInteger('read_at').notNullable();
    table.bigInteger('swept_at').notNullable();
    table.boolean('stale').notNullable();
    table.text('failure').nullable().comment('{ reason, at } JSON');
  });

  await knex.schema.createTable('fargate_endpoints_history', table => {
    table.comment(
      'One row per state of an entity: a new row only when it changes',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('checked_at').notNullable();
    table.bigInteger('confirmed_at').notNullable();
    table.string('verdict', 16).notNullable();
    table
      .string('health', 16)
      .notNullable()
      .comment('healthy, broken (by the alert threshold) or unknown');
    table.text('findings').notNullable().comment('HistoryFinding[] JSON');
    table.text('fingerprint').nullable().comment('VpcFingerprint JSON');
    table.text('changes').notNullable().comment('SnapshotChange[] JSON');
    table.index(['entity_ref', 'id'], 'fargate_endpoints_history_entity_idx');
    table.index(['confirmed_at'], 'fargate_endpoints_history_confirmed_idx');
  });

  await knex.schema.createTable('fargate_endpoints_incidents', table => {
    table.comment('A service broken since opened_at; its owner is told once');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).notNullable();
    table
      .string('open_key', 255)
      .nullable()
      .unique({ indexName: 'fargate_endpoints_incidents_open_key' })
      .comment(
        'The entity ref while open, null once closed: one open incident per entity',
      );
    table.bigInteger('opened_at').notNullable();
    table.text('cause').notNullable().comment('{ finding, change } JSON');
    table.bigInteger('closed_at').nullable();
    table.text('recovery').nullable().comment('{ finding, change } JSON');
    table.string('open_claim', 64).nullable();
    table.bigInteger('open_claimed_at').nullable();
    table.bigInteger('open_sent_at').nullable();
    table.string('close_claim', 64).nullable();
    table.bigInteger('close_claimed_at').nullable();
    table.bigInteger('close_sent_at').nullable();
    table.index(['owner_ref'], 'fargate_endpoints_incidents_owner_idx');
  });

  await knex.schema.createTable('fargate_endpoints_sweeps', table => {
    table.comment('One row per sweep run');
    table.bigIncrements('id').primary();
    table.string('runner', 255).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.integer('entities').nullable();
    table.integer('checked').nullable();
    table.string('outcome', 32).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fargate_endpoints_sweeps');
  await knex.schema.dropTable('fargate_endpoints_incidents');
  await knex.schema.dropTable('fargate_endpoints_history');
  await knex.schema.dropTable('fargate_endpoints_latest');
};
