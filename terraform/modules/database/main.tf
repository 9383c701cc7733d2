# The password is generated here and kept in a secret of this module's own, which the control plane reads at boot.
# Not manage_master_user_password: RDS would rotate that secret every 7 days, and a service that reads its password
# once at boot would lose new connections after each rotation until it restarted.
# No $, %, { or } (kept out of the env file and the JDBC URL's way), and none of the / @ " and space RDS refuses.
resource "random_password" "master" {
  length           = 40
  special          = true
  override_special = "!#*()-_=+[]<>:?"
}

resource "aws_secretsmanager_secret" "db" {
  name_prefix             = "${var.name}-db-"
  description             = "Liveplane control plane database credentials (username, password, host, port, dbname, jdbcUrl)."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = var.username
    password = random_password.master.result
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    dbname   = var.database_name
    # What LIVEPLANE_DB_URL takes (control-plane README, Configuration).
    jdbcUrl = "jdbc:mysql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/${var.database_name}?sslMode=REQUIRED"
  })
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.name}-"
  description = "Liveplane database subnets"
  subnet_ids  = var.subnet_ids

  tags = var.tags
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name}-db-"
  description = "Liveplane database: MySQL from the control plane only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "mysql_from_control_plane" {
  # count, not for_each: the groups' IDs are unknown until they exist, their number is not.
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.db.id
  description                  = "MySQL from the control plane"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = var.allowed_security_group_ids[count.index]

  tags = var.tags
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-"
  family      = var.parameter_group_family
  description = "Liveplane: utf8mb4, TLS required"

  parameter {
    name  = "require_secure_transport"
    value = "1"
  }

  parameter {
    name  = "character_set_server"
    value = "utf8mb4"
  }

  parameter {
    name  = "collation_server"
    value = "utf8mb4_0900_ai_ci"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier_prefix = "${var.name}-"

  engine         = "mysql"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name                     = var.database_name
  username                    = var.username
  password                    = random_password.master.result
  manage_master_user_password = false

  multi_az               = var.multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false

  backup_retention_period   = var.backup_retention_days
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.name}-final"

  auto_minor_version_upgrade          = true
  iam_database_authentication_enabled = false
  performance_insights_enabled        = var.performance_insights_enabled
  enabled_cloudwatch_logs_exports     = ["error", "slowquery"]

  tags = var.tags
}
