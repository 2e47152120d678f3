// @ts-check

/**
 * The first-sweep digest's memory: every entity whose state at the start of the watch has been
 * told to its owner (or had nothing to tell), so that no replica and no restart tells it again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fargate_endpoints_first_seen', table => {
    table.comment(
      'Entities the first-sweep digest has covered: one row per entity, claimed then sent',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.string('owner_ref', 255).notNullable();
    table.string('claim', 64).notNullable();
    table.bigInteger('claimed_at').notNullable();
    table
      .bigInteger('sent_at')
      .nullable()
      .comment(
        'When the digest went out (or there was nothing to tell); null while claimed',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fargate_endpoints_first_seen');
};
